"""The demo newsroom: facts from the seed stories, told in our own words (content.py), built by builder.py."""
