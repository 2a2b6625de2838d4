"""Demo data. Facts come from the four seed stories and well-known public record; all text is our own."""

S, P, F = "studio", "person", "film"

STUDIOS = [
    {
        "name": "Alibaba Group",
        "kind": "conglomerate",
        "country": "China",
        "headquarters": "Hangzhou",
        "founded": 1999,
        "aliases": "Alibaba Group Holding\nAlibaba Group Holding Ltd.",
        "summary": "China's largest e-commerce company, whose businesses reach into film, ticketing and streaming.",
    },
    {
        "name": "Alibaba Pictures",
        "kind": "studio",
        "country": "China",
        "headquarters": "Beijing",
        "parent": "Alibaba Group",
        "aliases": "Alibaba Pictures Group",
        "summary": "The film arm of Alibaba Group: investment, production, distribution and online ticketing.",
    },
    {
        "name": "Taobao Movie",
        "kind": "distributor",
        "country": "China",
        "parent": "Alibaba Pictures",
        "summary": "Alibaba's online movie-ticketing service, a route to Chinese cinemagoers.",
    },
    {
        "name": "STX Entertainment",
        "kind": "studio",
        "country": "United States",
        "founded": 2014,
        "headquarters": "Burbank, California",
        "aliases": "STXfilms\nSTX Films\nSTX",
        "summary": "An independent studio that develops, finances, markets and distributes films across platforms.",
    },
    {
        "name": "ImageMovers",
        "kind": "label",
        "country": "United States",
        "summary": "Robert Zemeckis's production label, run with Jack Rapke and Jackie Levine.",
    },
    {
        "name": "WME",
        "kind": "agency",
        "country": "United States",
        "aliases": "William Morris Endeavor",
        "summary": "A Hollywood talent agency.",
    },
    {
        "name": "Wicked Curve",
        "kind": "agency",
        "country": "United States",
        "summary": "A management company representing writers.",
    },
    {
        "name": "Amblin Partners",
        "kind": "studio",
        "country": "United States",
        "founded": 2015,
        "aliases": "DreamWorks Studios\nAmblin",
        "summary": "Steven Spielberg's film company, formerly known as DreamWorks Studios.",
    },
    {
        "name": "Wanda Film",
        "kind": "exhibitor",
        "country": "China",
        "aliases": "Wanda Film Holding",
        "summary": "One of China's largest cinema chains.",
    },
    {
        "name": "Paramount Pictures",
        "kind": "studio",
        "country": "United States",
        "founded": 1912,
        "aliases": "Paramount",
        "summary": "A Hollywood major studio.",
    },
    {
        "name": "The Walt Disney Company",
        "kind": "conglomerate",
        "country": "United States",
        "aliases": "Disney",
        "summary": "The entertainment conglomerate that owns Marvel Studios.",
    },
    {
        "name": "Marvel Studios",
        "kind": "studio",
        "country": "United States",
        "parent": "The Walt Disney Company",
        "aliases": "Marvel",
        "summary": "The studio behind the Marvel Cinematic Universe.",
    },
    {
        "name": "Warner Bros. Discovery",
        "kind": "conglomerate",
        "country": "United States",
        "summary": "The media company that owns Warner Bros. Pictures and DC Studios.",
    },
    {
        "name": "Warner Bros. Pictures",
        "kind": "studio",
        "country": "United States",
        "parent": "Warner Bros. Discovery",
        "aliases": "Warner Bros.",
        "summary": "A Hollywood major studio.",
    },
    {
        "name": "DC Studios",
        "kind": "studio",
        "country": "United States",
        "parent": "Warner Bros. Discovery",
        "aliases": "DC Films",
        "summary": "The studio that brings DC Comics characters to the screen.",
    },
    {
        "name": "Disney+",
        "kind": "streamer",
        "country": "United States",
        "parent": "The Walt Disney Company",
        "aliases": "Disney Plus",
        "summary": "Disney's subscription streaming service, home of the Marvel Studios series.",
    },
    {
        "name": "HBO Max",
        "kind": "streamer",
        "country": "United States",
        "parent": "Warner Bros. Discovery",
        "aliases": "Max",
        "summary": "Warner Bros. Discovery's streaming service.",
    },
]

PEOPLE = [
    {
        "name": "Robert Zemeckis",
        "occupations": ["director", "producer", "writer"],
        "born": 1952,
        "summary": "Director of Back to the Future, Forrest Gump and Cast Away.",
    },
    {"name": "Jack Rapke", "occupations": ["producer"], "summary": "Producer and ImageMovers partner."},
    {"name": "Jackie Levine", "occupations": ["producer"], "summary": "Producer at ImageMovers."},
    {"name": "David Styne", "occupations": ["producer"], "summary": "Producer of Love Means Zero."},
    {"name": "Ken Kaufman", "occupations": ["writer"], "summary": "Screenwriter of The Missing and Space Cowboys."},
    {"name": "Keith Fleer", "occupations": ["lawyer"], "summary": "Entertainment attorney."},
    {"name": "Sheroum Kim", "occupations": ["executive"], "summary": "Production executive at STX Entertainment."},
    {
        "name": "Shujin Lan-Shuster",
        "occupations": ["executive"],
        "summary": "Executive for international productions at Alibaba Pictures.",
    },
    {"name": "Zhang Wei", "occupations": ["executive"], "summary": "President of Alibaba Pictures."},
    {"name": "Zhang Qiang", "occupations": ["executive"], "summary": "Chief executive of Alibaba Pictures."},
    {"name": "Adam Fogelson", "occupations": ["executive"], "summary": "Chairman of STX's film group."},
    {
        "name": "Tom Cruise",
        "occupations": ["actor", "producer"],
        "born": 1962,
        "summary": "Star of the Mission: Impossible films.",
    },
    {
        "name": "Steven Spielberg",
        "occupations": ["director", "producer"],
        "born": 1946,
        "summary": "Director of E.T., Schindler's List and Saving Private Ryan; co-founder of Amblin Partners.",
    },
    {
        "name": "Jack Ma",
        "occupations": ["entrepreneur", "executive"],
        "born": 1964,
        "summary": "Founder of Alibaba Group, and a former English teacher.",
    },
    {
        "name": "Kim Soo-hyun",
        "occupations": ["actor"],
        "born": 1988,
        "aliases": "Kim Soo Hyun",
        "summary": "South Korean actor, star of Real.",
    },
    {"name": "Lee Jeong-sub", "occupations": ["director"], "summary": "Director of the Korean film Real."},
    {
        "name": "Ryan Coogler",
        "occupations": ["director", "writer"],
        "born": 1986,
        "summary": "Director and co-writer of Black Panther.",
    },
    {"name": "Chadwick Boseman", "occupations": ["actor"], "born": 1976, "summary": "Star of Black Panther."},
    {
        "name": "Kevin Feige",
        "occupations": ["producer", "executive"],
        "born": 1973,
        "summary": "President of Marvel Studios and producer of its films.",
    },
    {
        "name": "Anthony Russo",
        "occupations": ["director"],
        "born": 1970,
        "summary": "Co-director, with his brother Joe, of Avengers: Endgame.",
    },
    {
        "name": "Joe Russo",
        "occupations": ["director"],
        "born": 1971,
        "summary": "Co-director, with his brother Anthony, of Avengers: Endgame.",
    },
    {"name": "Patty Jenkins", "occupations": ["director"], "born": 1971, "summary": "Director of Wonder Woman."},
    {"name": "Gal Gadot", "occupations": ["actor"], "born": 1985, "summary": "Star of Wonder Woman."},
    {"name": "Elizabeth Olsen", "occupations": ["actor"], "born": 1989, "summary": "Star of WandaVision."},
    {"name": "Jac Schaeffer", "occupations": ["writer", "producer"], "summary": "Creator of WandaVision."},
    {
        "name": "James Gunn",
        "occupations": ["director", "writer", "executive"],
        "born": 1966,
        "summary": "Writer and director; creator of Peacemaker and co-head of DC Studios.",
    },
    {"name": "John Cena", "occupations": ["actor"], "born": 1977, "summary": "Star of Peacemaker."},
]

FILMS = [
    {
        "name": "Steel Soldiers",
        "status": "in_development",
        "genres": ["action", "science_fiction"],
        "logline": "A disgraced special forces officer must turn a squad of flawed android soldiers into a unit fit "
        "for a rescue mission.",
    },
    {
        "name": "Real",
        "year": 2017,
        "status": "released",
        "genres": ["action", "thriller"],
        "logline": "A ruthless, ambitious casino and hotel owner is drawn into a dangerous game of identity.",
    },
    {"name": "Cast Away", "year": 2000, "status": "released", "genres": ["adventure", "drama"]},
    {"name": "Flight", "year": 2012, "status": "released", "genres": ["drama"]},
    {"name": "Allied", "year": 2016, "status": "released", "genres": ["war", "romance"]},
    {"name": "The Walk", "year": 2015, "status": "released", "genres": ["drama"]},
    {"name": "Love Means Zero", "year": 2017, "status": "released", "genres": ["documentary"]},
    {"name": "The Missing", "year": 2003, "status": "released", "genres": ["thriller"]},
    {"name": "Space Cowboys", "year": 2000, "status": "released", "genres": ["adventure", "drama"]},
    {
        "name": "Back to the Future",
        "year": 1985,
        "status": "released",
        "genres": ["adventure", "comedy", "science_fiction"],
    },
    {"name": "Forrest Gump", "year": 1994, "status": "released", "genres": ["drama", "romance"]},
    {
        "name": "Teenage Mutant Ninja Turtles: Out of the Shadows",
        "year": 2016,
        "status": "released",
        "genres": ["action", "family"],
        "aliases": "TMNT: Out of the Shadows",
    },
    {"name": "Star Trek Beyond", "year": 2016, "status": "released", "genres": ["science_fiction", "adventure"]},
    {
        "name": "Mission: Impossible – Rogue Nation",
        "year": 2015,
        "status": "released",
        "genres": ["action"],
        "slug": "mission-impossible-rogue-nation",
        "aliases": "Mission Impossible - Rogue Nation\nMission: Impossible-Rogue Nation\nRogue Nation",
    },
    {"name": "Saving Private Ryan", "year": 1998, "status": "released", "genres": ["war", "drama"]},
    {"name": "Schindler's List", "year": 1993, "status": "released", "genres": ["history", "drama"]},
    {
        "name": "E.T. the Extra-Terrestrial",
        "year": 1982,
        "status": "released",
        "genres": ["family", "science_fiction"],
        "aliases": "E.T.: the Extra-Terrestrial\nE.T.",
    },
    {"name": "The BFG", "year": 2016, "status": "released", "genres": ["family", "fantasy"]},
    {"name": "Black Panther", "year": 2018, "status": "released", "genres": ["superhero", "action"]},
    {"name": "Avengers: Endgame", "year": 2019, "status": "released", "genres": ["superhero", "action"]},
    {"name": "Wonder Woman", "year": 2017, "status": "released", "genres": ["superhero", "action"]},
]

# (film, person, role, via studio or None)
CREDITS = [
    ("Steel Soldiers", "Robert Zemeckis", "producer", "ImageMovers"),
    ("Steel Soldiers", "Jack Rapke", "producer", "ImageMovers"),
    ("Steel Soldiers", "Jackie Levine", "producer", "ImageMovers"),
    ("Steel Soldiers", "David Styne", "producer", None),
    ("Steel Soldiers", "Ken Kaufman", "writer", None),
    ("Steel Soldiers", "Sheroum Kim", "executive", "STX Entertainment"),
    ("Steel Soldiers", "Shujin Lan-Shuster", "executive", "Alibaba Pictures"),
    ("Real", "Lee Jeong-sub", "director", None),
    ("Real", "Kim Soo-hyun", "cast", None),
    ("Back to the Future", "Robert Zemeckis", "director", None),
    ("Forrest Gump", "Robert Zemeckis", "director", None),
    ("Cast Away", "Robert Zemeckis", "director", None),
    ("Cast Away", "Jack Rapke", "producer", None),
    ("Flight", "Robert Zemeckis", "director", None),
    ("Flight", "Jack Rapke", "producer", None),
    ("Allied", "Robert Zemeckis", "director", None),
    ("Allied", "Jackie Levine", "producer", None),
    ("The Walk", "Robert Zemeckis", "director", None),
    ("The Walk", "Jackie Levine", "producer", None),
    ("Love Means Zero", "David Styne", "producer", None),
    ("The Missing", "Ken Kaufman", "writer", None),
    ("Space Cowboys", "Ken Kaufman", "writer", None),
    ("Saving Private Ryan", "Steven Spielberg", "director", None),
    ("Schindler's List", "Steven Spielberg", "director", None),
    ("E.T. the Extra-Terrestrial", "Steven Spielberg", "director", None),
    ("The BFG", "Steven Spielberg", "director", None),
    ("Mission: Impossible – Rogue Nation", "Tom Cruise", "cast", None),
    ("Black Panther", "Ryan Coogler", "director", None),
    ("Black Panther", "Chadwick Boseman", "cast", None),
    ("Black Panther", "Kevin Feige", "producer", "Marvel Studios"),
    ("Avengers: Endgame", "Anthony Russo", "director", None),
    ("Avengers: Endgame", "Joe Russo", "director", None),
    ("Avengers: Endgame", "Kevin Feige", "producer", "Marvel Studios"),
    ("Wonder Woman", "Patty Jenkins", "director", None),
    ("Wonder Woman", "Gal Gadot", "cast", None),
]

# (film, studio, role, territory)
COMPANIES = [
    ("Steel Soldiers", "STX Entertainment", "co_producer", ""),
    ("Steel Soldiers", "Alibaba Pictures", "co_producer", ""),
    ("Steel Soldiers", "STX Entertainment", "distributor", "U.S. and international"),
    ("Steel Soldiers", "Alibaba Pictures", "distributor", "Greater China"),
    ("Steel Soldiers", "ImageMovers", "producer", ""),
    ("Real", "Alibaba Pictures", "distributor", "China"),
    ("Real", "Alibaba Pictures", "investor", ""),
    ("Mission: Impossible – Rogue Nation", "Paramount Pictures", "distributor", "Worldwide"),
    ("Mission: Impossible – Rogue Nation", "Alibaba Pictures", "investor", ""),
    ("Star Trek Beyond", "Paramount Pictures", "distributor", "Worldwide"),
    ("Star Trek Beyond", "Alibaba Pictures", "investor", ""),
    ("Teenage Mutant Ninja Turtles: Out of the Shadows", "Paramount Pictures", "distributor", "Worldwide"),
    ("Teenage Mutant Ninja Turtles: Out of the Shadows", "Alibaba Pictures", "investor", ""),
    ("The BFG", "Amblin Partners", "producer", ""),
    ("Black Panther", "Marvel Studios", "producer", ""),
    ("Avengers: Endgame", "Marvel Studios", "producer", ""),
    ("Wonder Woman", "Warner Bros. Pictures", "distributor", "Worldwide"),
    ("Wonder Woman", "DC Studios", "producer", ""),
]

# (person, studio, title, current)
AFFILIATIONS = [
    ("Zhang Wei", "Alibaba Pictures", "President", True),
    ("Zhang Qiang", "Alibaba Pictures", "CEO", False),
    ("Shujin Lan-Shuster", "Alibaba Pictures", "Senior Executive of International Productions", True),
    ("Adam Fogelson", "STX Entertainment", "Chairman, STXfilms", True),
    ("Sheroum Kim", "STX Entertainment", "SVP of Production", True),
    ("Jack Ma", "Alibaba Group", "Founder", True),
    ("Robert Zemeckis", "ImageMovers", "Co-founder", True),
    ("Jack Rapke", "ImageMovers", "Partner", True),
    ("Jackie Levine", "ImageMovers", "Producer", True),
    ("Robert Zemeckis", "WME", "Client", True),
    ("Jack Rapke", "WME", "Client", True),
    ("Ken Kaufman", "Wicked Curve", "Client", True),
    ("Steven Spielberg", "Amblin Partners", "Co-founder", True),
    ("Kevin Feige", "Marvel Studios", "President", True),
]

AUTHORS = [
    {"name": "Newsroom Staff", "kind": "staff", "bio": "Reporting from the Newsroom desk."},
    {"name": "CapitalWatch Staff", "kind": "agency", "bio": "Business news from CapitalWatch, syndicated."},
    {
        "name": "Maya Lindqvist",
        "kind": "staff",
        "job_title": "Film business reporter",
        "bio": "Covers studios, deals and the China box office.",
    },
    {
        "name": "Daniel Okafor",
        "kind": "staff",
        "job_title": "Features writer",
        "bio": "Writes about directors, franchises and the craft of film.",
    },
]

TOPICS = [
    {
        "title": "Movie News",
        "slug": "movie-news",
        "intro": "<p>Deals, productions and release news from the film business.</p>",
        "rules": {},
    },
    {
        "title": "Marvel and DC",
        "slug": "marvel-and-dc",
        "intro": "<p>Superhero cinema from Marvel Studios and DC.</p>",
        "rules": {"studios": ["Marvel Studios", "DC Studios"], "tags": ["Marvel", "DC"]},
    },
    {
        "title": "Hollywood and China",
        "slug": "hollywood-and-china",
        "intro": "<p>Chinese money, audiences and partnerships in Hollywood.</p>",
        "rules": {"studios": ["Alibaba Pictures", "Alibaba Group", "Wanda Film"], "tags": ["China"]},
    },
]


def p(text: str) -> tuple[str, str]:
    return ("paragraph", f"<p>{text}</p>")


ARTICLES = [
    {
        "topic": "movie-news",
        "title": "STX Entertainment and Alibaba Pictures team up on Steel Soldiers",
        "slug": "stx-entertainment-and-alibaba-pictures-team-up-on-steel-soldiers",
        "date": "2018-02-06T17:00:00+00:00",
        "standfirst": "The two studios will co-develop and co-produce an action science-fiction film about humans "
        "and androids fighting side by side.",
        "authors": ["Maya Lindqvist"],
        "image": "Steel Soldiers",
        "body": [
            p(
                "STX Entertainment and Alibaba Pictures are partnering on Steel Soldiers, a new action science-fiction "
                "film the two companies will develop and produce together. STX takes distribution in the U.S. and "
                "internationally, while Alibaba Pictures keeps the rights in Greater China. Both sides say they also "
                "want to carry the project beyond cinemas onto other platforms."
            ),
            p(
                "The story follows a disgraced special forces officer ordered to train a squad of advanced but flawed "
                "android soldiers, shape them into a real fighting unit and lead them on a mission to rescue the "
                "scientist who built them."
            ),
            ("heading", {"text": "The team behind it", "level": "h2"}),
            p(
                "Robert Zemeckis, Jack Rapke and Jackie Levine produce through their ImageMovers label, with David "
                "Styne also producing. Ken Kaufman wrote the original screenplay. Zemeckis and Rapke are with WME; "
                "Kaufman is represented by Wicked Curve and the attorney Keith Fleer. At STX, Sheroum Kim, SVP of "
                "Production, oversees the film; Shujin Lan-Shuster does the same for Alibaba Pictures."
            ),
            p(
                "Zemeckis's credits include Cast Away, Flight, Allied and The Walk; Styne produced Love Means Zero; "
                "Kaufman's earlier scripts include The Missing and Space Cowboys."
            ),
            (
                "quote",
                {
                    "quote": "We want to bring the most exciting stories to audiences in China and around the "
                    "world, and this project has that reach.",
                    "attribution": "Zhang Wei, President of Alibaba Pictures (paraphrased)",
                },
            ),
            p(
                "Adam Fogelson, who chairs STX's film group, praised Alibaba's record in a fast-changing consumer "
                "market. The partnership leans on Alibaba Group's technology and e-commerce reach on one side and "
                "STX's multi-platform marketing and distribution on the other."
            ),
        ],
        "studios": ["STX Entertainment", "Alibaba Pictures", "Alibaba Group", "ImageMovers", "WME", "Wicked Curve"],
        "people": [
            "Robert Zemeckis",
            "Jack Rapke",
            "Jackie Levine",
            "David Styne",
            "Ken Kaufman",
            "Keith Fleer",
            "Sheroum Kim",
            "Shujin Lan-Shuster",
            "Zhang Wei",
            "Adam Fogelson",
        ],
        "films": [
            "Steel Soldiers",
            "Cast Away",
            "Flight",
            "Allied",
            "The Walk",
            "Love Means Zero",
            "The Missing",
            "Space Cowboys",
        ],
        "tags": ["Sci-Fi", "China", "Deals"],
    },
    {
        "topic": "movie-news",
        "title": "Alibaba to make its first Hollywood film, Steel Soldiers",
        "slug": "alibaba-to-make-its-first-hollywood-film-steel-soldiers",
        "date": "2018-02-07T22:48:00+00:00",
        "standfirst": "The Chinese e-commerce giant's film arm moves from backing other studios' blockbusters to "
        "producing an original Hollywood movie with STX Entertainment.",
        "authors": ["CapitalWatch Staff"],
        "source_name": "CapitalWatch",
        "image": "Alibaba and Hollywood",
        "body": [
            p(
                "Alibaba Group is best known for online shopping, but its film business has been growing since 2015. "
                "Alibaba Pictures has put money into Hollywood hits such as Teenage Mutant Ninja Turtles: Out of the "
                "Shadows, Star Trek Beyond and the Tom Cruise thriller Mission: Impossible – Rogue Nation."
            ),
            p(
                "Now it is producing an original Hollywood film of its own. With Burbank-based STX Entertainment, "
                "Alibaba Pictures will make Steel Soldiers, set in a future where people and androids fight "
                "together. Robert Zemeckis, the director of Back to the Future and Forrest Gump, is producing; no "
                "cast has been announced."
            ),
            p(
                "The deal is the latest in a run of moves into entertainment. Days earlier, Alibaba agreed to buy a "
                "stake of about 7.7 percent in Wanda Film, and in 2016 Alibaba Pictures signed a partnership with "
                "Steven Spielberg's Amblin Partners to co-produce and finance films."
            ),
        ],
        "studios": ["Alibaba Group", "Alibaba Pictures", "STX Entertainment", "Wanda Film", "Amblin Partners"],
        "people": ["Robert Zemeckis", "Tom Cruise", "Steven Spielberg"],
        "films": [
            "Steel Soldiers",
            "Teenage Mutant Ninja Turtles: Out of the Shadows",
            "Star Trek Beyond",
            "Mission: Impossible – Rogue Nation",
            "Back to the Future",
            "Forrest Gump",
        ],
        "tags": ["China", "Deals"],
    },
    {
        "topic": "movie-news",
        "title": "Alibaba Pictures to distribute Korean film Real in China",
        "slug": "alibaba-pictures-to-distribute-korean-film-real-in-china",
        "date": "2015-10-12T09:00:00+00:00",
        "standfirst": "A deal signed at the Busan International Film Festival gives Alibaba Pictures sole rights to "
        "the Kim Soo-hyun action film in China.",
        "authors": ["Maya Lindqvist"],
        "image": "Real in China",
        "body": [
            p(
                "Alibaba Pictures is investing in the South Korean action film Real and will be its only distributor "
                "in China, under an agreement signed during the 20th Busan International Film Festival. The company "
                "plans to use the wider Alibaba Group's marketing, advertising, licensing and e-commerce businesses "
                "to promote the film."
            ),
            p(
                "It is Alibaba's second international film deal, after its investment in Mission: Impossible – Rogue "
                "Nation, which took more than 870 million yuan in China."
            ),
            (
                "quote",
                {
                    "quote": "Korean film is among the most creative in the region right now, and Kim Soo-hyun "
                    "embodies that.",
                    "attribution": "Zhang Qiang, CEO of Alibaba Pictures (paraphrased)",
                },
            ),
            p(
                "Real is directed by Lee Jeong-sub, with production due to start before the end of the year. Kim "
                "Soo-hyun plays a ruthless, ambitious casino and hotel owner."
            ),
        ],
        "studios": ["Alibaba Pictures", "Alibaba Group"],
        "people": ["Kim Soo-hyun", "Zhang Qiang", "Lee Jeong-sub"],
        "films": ["Real", "Mission: Impossible – Rogue Nation"],
        "tags": ["China", "Korea", "Deals"],
    },
    {
        "topic": "movie-news",
        "title": "Steven Spielberg joins forces with Jack Ma's Alibaba",
        "slug": "steven-spielberg-joins-forces-with-jack-mas-alibaba",
        "date": "2016-10-16T12:00:00+00:00",
        "standfirst": "Alibaba Pictures will co-produce and co-finance films with Amblin Partners and take a small "
        "stake in the company.",
        "authors": ["Daniel Okafor"],
        "image": "Spielberg and Alibaba",
        "body": [
            p(
                "Steven Spielberg, director of Saving Private Ryan, Schindler's List and E.T. the Extra-Terrestrial, "
                "has a new partner: Alibaba Group, the company founded by Jack Ma. Alibaba Pictures will co-produce "
                "and co-finance films with Amblin Partners, Spielberg's company that was formerly DreamWorks Studios, "
                "and will take an equity stake of less than five percent."
            ),
            p(
                "The aim is films that work both in China — the second-largest film market after North America — "
                "and around the world. Spielberg gains Alibaba's marketing and distribution reach in China, starting "
                "with The BFG, and its ticketing service Taobao Movie."
            ),
            p(
                "For Jack Ma, the tie-up brings prestige to a growing entertainment strategy that connects films to "
                "merchandise, streaming and Alibaba's online shops."
            ),
        ],
        "studios": ["Alibaba Pictures", "Alibaba Group", "Amblin Partners", "Taobao Movie"],
        "people": ["Steven Spielberg", "Jack Ma"],
        "films": ["Saving Private Ryan", "Schindler's List", "E.T. the Extra-Terrestrial", "The BFG"],
        "tags": ["China", "Deals"],
    },
    {
        "topic": "marvel-and-dc",
        "title": "Black Panther becomes a cultural and box-office phenomenon",
        "slug": "black-panther-becomes-a-cultural-and-box-office-phenomenon",
        "date": "2018-03-12T10:00:00+00:00",
        "standfirst": "Ryan Coogler's film for Marvel Studios passed $1 billion worldwide within a month.",
        "authors": ["Daniel Okafor"],
        "image": "Black Panther",
        "body": [
            p(
                "Black Panther, directed by Ryan Coogler and starring Chadwick Boseman, crossed $1 billion at the "
                "worldwide box office less than a month after its February release. Marvel Studios president Kevin "
                "Feige produced."
            ),
            p("The film later became the first superhero film nominated for the Academy Award for Best Picture."),
        ],
        "studios": ["Marvel Studios"],
        "people": ["Ryan Coogler", "Chadwick Boseman", "Kevin Feige"],
        "films": ["Black Panther"],
        "tags": ["Marvel", "Box office", "Superhero"],
    },
    {
        "topic": "marvel-and-dc",
        "title": "Avengers: Endgame becomes the highest-grossing film of all time",
        "slug": "avengers-endgame-becomes-the-highest-grossing-film-of-all-time",
        "date": "2019-07-22T08:00:00+00:00",
        "standfirst": "The Marvel Studios finale directed by Anthony and Joe Russo overtook Avatar's worldwide record.",
        "authors": ["Maya Lindqvist"],
        "image": "Avengers Endgame",
        "body": [
            p(
                "Avengers: Endgame has passed Avatar to become the highest-grossing film ever released, with a "
                "worldwide total of more than $2.79 billion. Anthony Russo and Joe Russo directed; Kevin Feige "
                "produced for Marvel Studios."
            ),
        ],
        "studios": ["Marvel Studios"],
        "people": ["Anthony Russo", "Joe Russo", "Kevin Feige"],
        "films": ["Avengers: Endgame"],
        "tags": ["Marvel", "Box office"],
    },
    {
        "topic": "marvel-and-dc",
        "title": "Wonder Woman opens big for Patty Jenkins and Gal Gadot",
        "slug": "wonder-woman-opens-big-for-patty-jenkins-and-gal-gadot",
        "date": "2017-06-05T08:00:00+00:00",
        "standfirst": "The DC film took more than $100 million in North America on its opening weekend, a record "
        "for a film directed by a woman.",
        "authors": ["Newsroom Staff"],
        "image": "Wonder Woman",
        "body": [
            p(
                "Wonder Woman, directed by Patty Jenkins and starring Gal Gadot, opened to more than $100 million in "
                "North America, the biggest debut at the time for a film directed by a woman. Warner Bros. Pictures "
                "released the film, made with DC Studios, then known as DC Films."
            ),
        ],
        "studios": ["Warner Bros. Pictures", "DC Studios"],
        "people": ["Patty Jenkins", "Gal Gadot"],
        "films": ["Wonder Woman"],
        "tags": ["DC", "Box office", "Superheroes"],  # drifted from "Superhero": the tag manager's duplicates show it
    },
    {
        "topic": "movie-news",
        "title": "From Back to the Future to Steel Soldiers: Robert Zemeckis's long game",
        "slug": "from-back-to-the-future-to-steel-soldiers-robert-zemeckiss-long-game",
        "date": "2018-02-09T12:00:00+00:00",
        "standfirst": "The Oscar-winning director of Forrest Gump has spent four decades mixing technology and "
        "storytelling.",
        "authors": ["Daniel Okafor"],
        "image": "Robert Zemeckis profile",
        "body": [
            p(
                "Robert Zemeckis made his name with Back to the Future in 1985 and won the Academy Award for Best "
                "Director for Forrest Gump. With his ImageMovers partners he has kept pushing film technology, "
                "from Cast Away to The Walk."
            ),
            p("His next project as a producer, Steel Soldiers, pairs STX Entertainment with Alibaba Pictures."),
        ],
        "studios": ["ImageMovers", "STX Entertainment", "Alibaba Pictures"],
        "people": ["Robert Zemeckis"],
        "films": ["Back to the Future", "Forrest Gump", "Cast Away", "The Walk", "Steel Soldiers"],
        "tags": ["Profiles", "sci fi"],  # drifted from "Sci-Fi", for the tag manager's likely duplicates
    },
    {
        "topic": "marvel-and-dc",
        "title": "Marvel and DC take their heroes to streaming series",
        "slug": "marvel-and-dc-take-their-heroes-to-streaming-series",
        "date": "2022-01-20T09:00:00+00:00",
        "standfirst": "WandaVision on Disney+ and Peacemaker on HBO Max show both comic-book studios betting on "
        "series as well as films.",
        "authors": ["Maya Lindqvist"],
        "body": [
            p(
                "A year after Marvel Studios opened its streaming slate with WandaVision, a nine-episode series on "
                "Disney+ created by Jac Schaeffer and starring Elizabeth Olsen, DC has answered with Peacemaker. "
                "James Gunn wrote the series for HBO Max around the character John Cena played in his film."
            ),
            p(
                "Both studios now plan their series alongside their films, with characters moving between the two. "
                "Kevin Feige oversees the Marvel side; Gunn went on to run DC Studios."
            ),
        ],
        "studios": ["Marvel Studios", "DC Studios", "Disney+", "HBO Max"],
        "people": ["Jac Schaeffer", "Elizabeth Olsen", "James Gunn", "John Cena", "Kevin Feige"],
        "films": [],
        "series": ["WandaVision", "Peacemaker"],
        "tags": ["Marvel", "DC", "Streaming"],
    },
    {
        "topic": "movie-news",
        "title": "Steel Soldiers casting: what we know so far",
        "slug": "steel-soldiers-casting-what-we-know-so-far",
        "date": "2018-02-12T12:00:00+00:00",
        "standfirst": "Draft for editors: no cast has been announced yet.",
        "authors": ["Newsroom Staff"],
        "draft": True,
        "body": [p("Draft: to be completed when casting news arrives.")],
        "studios": ["STX Entertainment"],
        "people": [],
        "films": ["Steel Soldiers"],
        "tags": ["Sci-Fi"],
    },
]

SERIES = [
    {
        "name": "WandaVision",
        "network": "Disney+",
        "status": "ended",
        "first_year": 2021,
        "last_year": 2021,
        "genres": ["superhero", "comedy", "mystery"],
        "logline": "Two Avengers live an idyllic sitcom life that is not what it seems.",
        "summary": "Marvel Studios' first series for Disney+, a miniseries told through decades of sitcom styles.",
        "seasons": [(1, 2021, 9)],
    },
    {
        "name": "Peacemaker",
        "network": "HBO Max",
        "status": "running",
        "first_year": 2022,
        "genres": ["superhero", "comedy", "action"],
        "logline": "A vain, violent vigilante is sent on a secret mission and starts to question his methods.",
        "summary": "James Gunn's DC series built around a character from The Suicide Squad.",
        "seasons": [(1, 2022, 8), (2, 2025, 8)],
    },
]

# (series, person, role, character)
SERIES_CREDITS = [
    ("WandaVision", "Jac Schaeffer", "creator", ""),
    ("WandaVision", "Jac Schaeffer", "showrunner", ""),
    ("WandaVision", "Kevin Feige", "executive_producer", ""),
    ("WandaVision", "Elizabeth Olsen", "cast", "Wanda Maximoff"),
    ("Peacemaker", "James Gunn", "creator", ""),
    ("Peacemaker", "James Gunn", "showrunner", ""),
    ("Peacemaker", "John Cena", "cast", "Christopher Smith / Peacemaker"),
]

# (series, studio, role, territory)
SERIES_COMPANIES = [
    ("WandaVision", "Marvel Studios", "studio", ""),
    ("WandaVision", "Disney+", "streamer", "Worldwide"),
    ("Peacemaker", "DC Studios", "studio", ""),
    ("Peacemaker", "HBO Max", "streamer", "United States"),
]

HOME = {
    "tagline": "Studios, people and films — the business of entertainment, cross-linked.",
    "lead": "stx-entertainment-and-alibaba-pictures-team-up-on-steel-soldiers",
    "top": [
        "alibaba-to-make-its-first-hollywood-film-steel-soldiers",
        "avengers-endgame-becomes-the-highest-grossing-film-of-all-time",
    ],
    "featured_topics": ["movie-news", "marvel-and-dc", "hollywood-and-china"],
}

# Notes editors added to published stories (issue #19: corrections and updates), in our own words.
CORRECTIONS = [
    {
        "article": "alibaba-to-make-its-first-hollywood-film-steel-soldiers",
        "kind": "clarification",
        "date": "2018-02-08T10:00:00+00:00",
        "text": "Alibaba Pictures had put money into Hollywood films before; Steel Soldiers is the first it is "
        "producing itself. The headline refers to that.",
    },
]
# Live coverage: an invented award night (the Silver Lantern Awards do not exist), in our own words. Minutes are
# counted from the start of the coverage, which is when the demo is first loaded (so the page is live in the demo).
LIVE = {
    "topic": "movie-news",
    "title": "Live: the Silver Lantern Awards",
    "slug": "silver-lantern-awards-live",
    "standfirst": "Winners, speeches and surprises from the Silver Lantern Awards, an invented ceremony for the "
    "year's films and series, as they happen.",
    "authors": ["Maya Lindqvist", "Daniel Okafor"],
    "body": [p("Follow the night here: the newest updates come first, and key events are listed at the top.")],
    "tags": ["Silver Lantern Awards", "Awards"],
    "started_minutes_ago": 150,
    "updates": [
        {
            "minute": 0,
            "headline": "How to follow the Silver Lantern Awards",
            "pinned": True,
            "text": "We are posting every winner as it is announced. Key events are listed at the top of the "
            "page, and the page brings in new updates by itself.",
        },
        {
            "minute": 5,
            "headline": "Red carpet opens",
            "text": "Guests started arriving well before the doors opened, with several nominees stopping to talk "
            "about the films that brought them here.",
        },
        {
            "minute": 20,
            "headline": "Gal Gadot arrives",
            "text": "Gal Gadot, nominated for Wonder Woman, said she was there to cheer on the whole cast.",
            "people": ["Gal Gadot"],
            "films": ["Wonder Woman"],
        },
        {
            "minute": 35,
            "headline": "The ceremony begins",
            "key_event": True,
            "text": "The house lights dimmed and the host opened the night with a short tribute to cinemas.",
        },
        {
            "minute": 45,
            "headline": "Best Visual Effects: Avengers: Endgame",
            "key_event": True,
            "text": "Avengers: Endgame takes the first award of the night. Anthony Russo and Joe Russo thanked the "
            "effects teams by name.",
            "films": ["Avengers: Endgame"],
            "people": ["Anthony Russo", "Joe Russo"],
            "studios": ["Marvel Studios"],
        },
        {
            "minute": 58,
            "headline": "Best Limited Series: WandaVision",
            "key_event": True,
            "text": "WandaVision wins the series prize. Jac Schaeffer and Elizabeth Olsen accepted together.",
            "series": ["WandaVision"],
            "people": ["Jac Schaeffer", "Elizabeth Olsen"],
        },
        {
            "minute": 66,
            "headline": "A quote from the stage",
            "quote": ("Every film on this list started as a handful of pages that someone believed in.", "Kevin Feige"),
            "people": ["Kevin Feige"],
        },
        {
            "minute": 80,
            "headline": "Best Supporting Actor: John Cena",
            "key_event": True,
            "text": "John Cena wins for Peacemaker and thanks James Gunn for writing the part.",
            "people": ["John Cena", "James Gunn"],
            "series": ["Peacemaker"],
        },
        {
            "minute": 95,
            "headline": "A standing ovation for Steven Spielberg",
            "text": "Steven Spielberg received the night's honorary lantern. The room stood as clips from "
            "E.T. the Extra-Terrestrial played.",
            "people": ["Steven Spielberg"],
            "films": ["E.T. the Extra-Terrestrial"],
        },
        {
            "minute": 110,
            "headline": "Best Director: Patty Jenkins",
            "key_event": True,
            "text": "Patty Jenkins wins Best Director for Wonder Woman.",
            "people": ["Patty Jenkins"],
            "films": ["Wonder Woman"],
            "studios": ["Warner Bros. Pictures"],
        },
        {
            "minute": 125,
            "headline": "Best Actor: Chadwick Boseman",
            "key_event": True,
            "text": "Chadwick Boseman is honoured for Black Panther. Ryan Coogler accepted the lantern on the "
            "cast's behalf.",
            "people": ["Chadwick Boseman", "Ryan Coogler"],
            "films": ["Black Panther"],
        },
        {
            "minute": 140,
            "headline": "Best Picture: Black Panther",
            "key_event": True,
            "text": "Black Panther takes the last and biggest award of the night. Ryan Coogler and Kevin Feige "
            "shared the stage.",
            "people": ["Ryan Coogler", "Kevin Feige"],
            "films": ["Black Panther"],
            "studios": ["Marvel Studios"],
            "tags": ["Best Picture"],
        },
    ],
}
# Box office (articles/models/boxoffice.py). Figures as the trade reported them, rounded to the nearest $0.1 million;
# the US weekend charts list a few titles of late summer 2015, not every film that played. Mission: Impossible –
# Rogue Nation's China total is the seed story's (over 876 million yuan, about $137 million).
BOX_OFFICE_FILMS = [
    {"name": "Vacation", "slug": "vacation-2015", "year": 2015, "status": "released", "genres": ["comedy"]},
    {
        "name": "Fantastic Four",
        "slug": "fantastic-four-2015",
        "year": 2015,
        "status": "released",
        "genres": ["superhero"],
    },
    {"name": "The Gift", "slug": "the-gift-2015", "year": 2015, "status": "released", "genres": ["thriller"]},
    {"name": "Straight Outta Compton", "year": 2015, "status": "released", "genres": ["drama", "history"]},
    {"name": "The Man from U.N.C.L.E.", "year": 2015, "status": "released", "genres": ["action", "comedy"]},
]
# (film, territory, period, date, amount, rank, theatres, source)
GROSSES = [
    ("Mission: Impossible – Rogue Nation", "domestic", "weekend", "2015-07-31", "55500000", 1, 3956, "Comscore"),
    ("Vacation", "domestic", "weekend", "2015-07-31", "14700000", 2, 3411, "Comscore"),
    ("Mission: Impossible – Rogue Nation", "domestic", "weekend", "2015-08-07", "29400000", 1, 3988, "Comscore"),
    ("Fantastic Four", "domestic", "weekend", "2015-08-07", "25700000", 2, 3995, "Comscore"),
    ("The Gift", "domestic", "weekend", "2015-08-07", "11900000", 3, 2503, "Comscore"),
    ("Straight Outta Compton", "domestic", "weekend", "2015-08-14", "60200000", 1, 2757, "Comscore"),
    ("Mission: Impossible – Rogue Nation", "domestic", "weekend", "2015-08-14", "17200000", 2, 3700, "Comscore"),
    ("The Man from U.N.C.L.E.", "domestic", "weekend", "2015-08-14", "13400000", 3, 3638, "Comscore"),
    ("Fantastic Four", "domestic", "weekend", "2015-08-14", "8100000", 4, 3995, "Comscore"),
    ("The Gift", "domestic", "weekend", "2015-08-14", "6500000", 5, 2571, "Comscore"),
    ("Mission: Impossible – Rogue Nation", "domestic", "cumulative", "2015-08-02", "55500000", None, None, "Comscore"),
    ("Mission: Impossible – Rogue Nation", "domestic", "cumulative", "2015-08-09", "108700000", None, None, "Comscore"),
    ("Mission: Impossible – Rogue Nation", "domestic", "cumulative", "2015-08-16", "138100000", None, None, "Comscore"),
    ("Mission: Impossible – Rogue Nation", "CN", "cumulative", "2015-10-12", "876000000", None, None, "Trade reports"),
    ("Avengers: Endgame", "worldwide", "cumulative", "2019-07-21", "2790000000", None, None, "Disney"),
    # Black Panther: a film with releases, box office, awards and a review in the demo (a total only, so the demo's
    # weekend charts stay the late-summer 2015 ones).
    ("Black Panther", "domestic", "cumulative", "2018-02-25", "403600000", None, None, "Comscore"),
]
# (currency, date, US dollars per unit, source)
EXCHANGE_RATES = [
    ("CNY", "2015-10-12", "0.1564", "Implied by the seed story's figures: 876 million yuan, about $137 million"),
]
