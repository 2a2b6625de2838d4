"""The demo's awards: three ceremonies with editions, categories, winners and nominees from well-known public facts,
written in our own words, linking the demo's films, people and series (and the few titles added here), and a
story about one night's results."""

from __future__ import annotations

import datetime

from django.utils.text import slugify

from ..models import AwardCategory, AwardCeremony, AwardEdition, AwardNomination, Film, FilmCredit, Person

FILMS = [
    {"name": "Spotlight", "year": 2015, "status": "released", "genres": ["drama"]},
    {"name": "The Revenant", "year": 2015, "status": "released", "genres": ["adventure", "drama"]},
    {"name": "Mad Max: Fury Road", "year": 2015, "status": "released", "genres": ["action", "science_fiction"]},
    {"name": "I, Daniel Blake", "year": 2016, "status": "released", "genres": ["drama"]},
    {"name": "Parasite", "year": 2019, "status": "released", "genres": ["thriller", "drama"]},
]
PEOPLE = [
    {
        "name": "Leonardo DiCaprio",
        "occupations": ["actor", "producer"],
        "born": 1974,
        "summary": "Star of The Revenant.",
    },
    {
        "name": "Alejandro G. Iñárritu",
        "occupations": ["director"],
        "born": 1963,
        "summary": "Mexican director of The Revenant.",
    },
    {"name": "Tom Hanks", "occupations": ["actor"], "born": 1956, "summary": "Star of Forrest Gump and Cast Away."},
    {"name": "Ken Loach", "occupations": ["director"], "born": 1936, "summary": "British director of I, Daniel Blake."},
    {"name": "Bong Joon-ho", "occupations": ["director", "writer"], "born": 1969, "summary": "Director of Parasite."},
]
CREDITS = [
    ("The Revenant", "Leonardo DiCaprio", "cast"),
    ("The Revenant", "Alejandro G. Iñárritu", "director"),
    ("Forrest Gump", "Tom Hanks", "cast"),
    ("Cast Away", "Tom Hanks", "cast"),
    ("I, Daniel Blake", "Ken Loach", "director"),
    ("Parasite", "Bong Joon-ho", "director"),
]

# (category, honours, single winner) per ceremony, in the order their pages list them.
ACADEMY = "Academy Awards"
CANNES = "Cannes Film Festival"
EMMYS = "Primetime Emmy Awards"
CEREMONIES = [
    {
        "name": ACADEMY,
        "slug": "academy-awards",
        "kind": "awards",
        "aliases": "Oscars\nThe Oscars",
        "organizer": "Academy of Motion Picture Arts and Sciences",
        "summary": "Hollywood's best-known film prizes, voted by the members of the Academy each winter.",
        "website": "https://www.oscars.org/",
        "categories": [
            ("Best Picture", "film", True),
            ("Best Director", "person", True),
            ("Best Actor", "person", True),
            ("Best Film Editing", "film", True),
            ("Best Production Design", "film", True),
            ("Best Costume Design", "film", True),
            ("Best Makeup and Hairstyling", "film", True),
            ("Best Sound Editing", "film", True),
            ("Best Sound Mixing", "film", True),
            ("Best Original Score", "film", True),
        ],
    },
    {
        "name": CANNES,
        "slug": "cannes",
        "kind": "festival",
        "aliases": "Cannes\nFestival de Cannes",
        "organizer": "Festival de Cannes",
        "summary": "The competition on the Croisette each May, whose jury gives the Palme d'Or.",
        "website": "https://www.festival-cannes.com/",
        "categories": [("Palme d'Or", "film", True)],
    },
    {
        "name": EMMYS,
        "slug": "emmys",
        "kind": "awards",
        "aliases": "Emmys\nEmmy Awards",
        "organizer": "Television Academy",
        "summary": "Television's main prizes, given each September.",
        "website": "https://www.televisionacademy.com/",
        "categories": [
            ("Outstanding Limited or Anthology Series", "series", True),
            ("Outstanding Lead Actress in a Limited or Anthology Series or Movie", "person", True),
        ],
    },
]
# (ceremony, number, year, date, end date, place)
EDITIONS = [
    (ACADEMY, 66, 1994, "1994-03-21", None, "Dorothy Chandler Pavilion, Los Angeles"),
    (ACADEMY, 67, 1995, "1995-03-27", None, "Shrine Auditorium, Los Angeles"),
    (ACADEMY, 71, 1999, "1999-03-21", None, "Dorothy Chandler Pavilion, Los Angeles"),
    (ACADEMY, 88, 2016, "2016-02-28", None, "Dolby Theatre, Los Angeles"),
    (ACADEMY, 91, 2019, "2019-02-24", None, "Dolby Theatre, Los Angeles"),
    (ACADEMY, 92, 2020, "2020-02-09", None, "Dolby Theatre, Los Angeles"),
    (CANNES, 69, 2016, "2016-05-11", "2016-05-22", "Palais des Festivals, Cannes"),
    (CANNES, 72, 2019, "2019-05-14", "2019-05-25", "Palais des Festivals, Cannes"),
    (EMMYS, 73, 2021, "2021-09-19", None, "Los Angeles"),
]
# (ceremony, year, category, honoured, for title, won): the honoured entity by name (a film, person or series).
NOMINATIONS = [
    (ACADEMY, 1994, "Best Picture", "Schindler's List", None, True),
    (ACADEMY, 1994, "Best Director", "Steven Spielberg", "Schindler's List", True),
    (ACADEMY, 1995, "Best Picture", "Forrest Gump", None, True),
    (ACADEMY, 1995, "Best Director", "Robert Zemeckis", "Forrest Gump", True),
    (ACADEMY, 1995, "Best Actor", "Tom Hanks", "Forrest Gump", True),
    (ACADEMY, 1999, "Best Director", "Steven Spielberg", "Saving Private Ryan", True),
    (ACADEMY, 1999, "Best Picture", "Saving Private Ryan", None, False),
    (ACADEMY, 2016, "Best Picture", "Spotlight", None, True),
    (ACADEMY, 2016, "Best Picture", "The Revenant", None, False),
    (ACADEMY, 2016, "Best Picture", "Mad Max: Fury Road", None, False),
    (ACADEMY, 2016, "Best Director", "Alejandro G. Iñárritu", "The Revenant", True),
    (ACADEMY, 2016, "Best Actor", "Leonardo DiCaprio", "The Revenant", True),
    (ACADEMY, 2016, "Best Film Editing", "Mad Max: Fury Road", None, True),
    (ACADEMY, 2016, "Best Production Design", "Mad Max: Fury Road", None, True),
    (ACADEMY, 2016, "Best Costume Design", "Mad Max: Fury Road", None, True),
    (ACADEMY, 2016, "Best Makeup and Hairstyling", "Mad Max: Fury Road", None, True),
    (ACADEMY, 2016, "Best Sound Editing", "Mad Max: Fury Road", None, True),
    (ACADEMY, 2016, "Best Sound Mixing", "Mad Max: Fury Road", None, True),
    (ACADEMY, 2019, "Best Picture", "Black Panther", None, False),
    (ACADEMY, 2019, "Best Costume Design", "Black Panther", None, True),
    (ACADEMY, 2019, "Best Production Design", "Black Panther", None, True),
    (ACADEMY, 2019, "Best Original Score", "Black Panther", None, True),
    (ACADEMY, 2020, "Best Picture", "Parasite", None, True),
    (ACADEMY, 2020, "Best Director", "Bong Joon-ho", "Parasite", True),
    (CANNES, 2016, "Palme d'Or", "I, Daniel Blake", None, True),
    (CANNES, 2019, "Palme d'Or", "Parasite", None, True),
    (EMMYS, 2021, "Outstanding Limited or Anthology Series", "WandaVision", None, False),
    (
        EMMYS,
        2021,
        "Outstanding Lead Actress in a Limited or Anthology Series or Movie",
        "Elizabeth Olsen",
        "WandaVision",
        False,
    ),  # noqa: E501
]


def p(text: str) -> tuple[str, str]:
    return ("paragraph", f"<p>{text}</p>")


ARTICLES = [
    {
        "topic": "movie-news",
        "title": "Spotlight takes best picture as DiCaprio finally wins an Oscar",
        "slug": "spotlight-takes-best-picture-as-dicaprio-finally-wins-an-oscar",
        "date": "2016-02-29T08:00:00+00:00",
        "standfirst": "The newspaper drama won the top prize at the 88th Academy Awards, while Mad Max: Fury Road "
        "collected six awards for its craft.",
        "authors": ["Daniel Okafor"],
        "body": [
            p(
                "Spotlight, the story of the Boston Globe reporters who uncovered abuse in the city's Catholic "
                "archdiocese, won Best Picture at the 88th Academy Awards in Los Angeles on Sunday, ahead of "
                "The Revenant and Mad Max: Fury Road."
            ),
            p(
                "Leonardo DiCaprio won Best Actor for The Revenant after several earlier nominations, and Alejandro G. "
                "Iñárritu was named best director for the second year running. Mad Max: Fury Road won six awards, "
                "among them editing, production design and costume design."
            ),
        ],
        "studios": [],
        "people": ["Leonardo DiCaprio", "Alejandro G. Iñárritu"],
        "films": ["Spotlight", "The Revenant", "Mad Max: Fury Road"],
        "tags": ["Awards", "Oscars"],
    },
]


def ensure_entities(report, *, people: dict, films: dict) -> None:
    """Add the awards' titles and people the demo lacks (found by slug) to ``people`` and ``films``."""
    for model, rows, found in ((Film, FILMS, films), (Person, PEOPLE, people)):
        for row in rows:
            data = dict(row)
            entity, created = model.objects.get_or_create(slug=slugify(data["name"]), defaults=data)
            report.count(model._meta.verbose_name_plural, created)
            found[row["name"]] = entity
    for film, person, role in CREDITS:
        _, created = FilmCredit.objects.get_or_create(film=films[film], person=people[person], role=role)
        report.count("credits", created)


def ensure_awards(report, *, people: dict, films: dict, series: dict) -> None:
    """The ceremonies, their categories and editions, and every nomination, each checked as the admin checks it."""
    entities = {**{name: ("film", obj) for name, obj in films.items()}}
    entities |= {name: ("person", obj) for name, obj in people.items()}
    entities |= {name: ("series", obj) for name, obj in series.items()}
    ceremonies, categories = {}, {}
    for row in CEREMONIES:
        data = {key: value for key, value in row.items() if key not in ("slug", "categories")}
        ceremony, created = AwardCeremony.objects.get_or_create(slug=row["slug"], defaults=data)
        report.count("award ceremonies", created)
        ceremonies[row["name"]] = ceremony
        for order, (name, honours, single) in enumerate(row["categories"]):
            category, created = AwardCategory.objects.get_or_create(
                ceremony=ceremony,
                slug=slugify(name),
                defaults={"name": name, "honours": honours, "single_winner": single, "sort_order": order},
            )
            report.count("award categories", created)
            categories[row["name"], name] = category
    editions = {}
    for name, number, year, date, end, place in EDITIONS:
        edition, created = AwardEdition.objects.get_or_create(
            ceremony=ceremonies[name],
            year=year,
            defaults={
                "number": number,
                "date": datetime.date.fromisoformat(date),
                "end_date": datetime.date.fromisoformat(end) if end else None,
                "place": place,
            },
        )
        report.count("award editions", created)
        editions[name, year] = edition
    for order, (name, year, category_name, honoured, title, won) in enumerate(NOMINATIONS):
        kind, entity = entities[honoured]
        sides = {kind: entity}
        if title:
            title_kind, title_entity = entities[title]
            sides[title_kind] = title_entity
        edition, category = editions[name, year], categories[name, category_name]
        if AwardNomination.objects.filter(edition=edition, category=category, **sides).exists():
            continue
        nomination = AwardNomination(edition=edition, category=category, won=won, sort_order=order, **sides)
        nomination.full_clean()
        nomination.save()
        report.count("nominations", True)
