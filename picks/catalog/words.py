"""Names and text for the generated catalogue: plausible film titles, people, synopses, posts and
comments, drawn from short word lists with a seeded random generator, so a seed repeats a run."""

from __future__ import annotations

from random import Random

FIRST_NAMES = """
Ada Alan Alice Amir Ana Anders Anna Arthur Astrid Ben Bianca Bruno Camille Carla Carlos Celia
Chen Chloe Clara Colin Dan Daniel Dara David Diane Dmitri Edith Elena Eli Elsa Emil Emma Eric
Eva Felix Fern Finn Frances Gabriel Grace Greta Hana Hannah Harold Hugo Ian Ida Ines Iris Isaac
Ivan Jack James Jane Javier Jean Joan Jonas Jorge Julia Julian Karl Kate Keiko Kenji Laura Lea
Leo Lena Lewis Lila Lina Lou Lucas Lucia Luis Maya Marco Maria Marta Martin Max Mei Mia Miguel
Mila Nadia Naomi Nell Nico Nina Noah Nora Olga Omar Oscar Pablo Paul Pedro Petra Priya Rafael
Rosa Ruth Sam Sara Simon Sofia Sonia Stella Tariq Tess Theo Tom Uma Vera Victor Walter Yara
Yusuf Zoe
""".split()
LAST_NAMES = """
Abbott Acosta Adler Alvarez Amari Andersen Arden Bach Baker Banks Barros Bell Berg Blake Bloom
Brandt Brooks Caldwell Campos Carter Castro Chang Cho Clarke Cole Conti Cruz Dahl Dale Diaz
Dorsey Doyle Duarte Dunn Eklund Ellis Endo Evans Farrow Fischer Flores Ford Fox Franco Frost
Fujita Garcia Garner Gray Greco Green Gupta Hale Hall Hansen Hart Hayes Holm Hughes Ito Jensen
Kane Kato Keller Kim Klein Koch Lang Larsen Lee Levin Lind Lopez Lund Marsh Mason Meyer Mills
Moreau Morgan Moss Nash Novak Nunez Okafor Olsen Ortiz Park Patel Perez Pike Quinn Reyes Rossi
Ruiz Sato Schmidt Shaw Silva Stone Strand Suzuki Tanaka Torres Vale Varga Vidal Wade Walsh
Weber West Wolfe Wu Young Zhang
""".split()
PLACES = """
Lisbon Tangier Marseille Naples Osaka Havana Detroit Reno Galway Tbilisi Valparaiso Antwerp
Trieste Memphis Oslo Cairo Montreal Seville Busan Dakar
""".split()
ADJECTIVES = """
Silent Last Long Bright Hollow Quiet Broken Golden Distant Burning Lonely Secret Wild Pale
Restless Hidden Borrowed Crooked Endless Electric Gentle Little Midnight Northern Paper
Scarlet Second Shallow Summer Velvet
""".split()
NOUNS = """
Harbour River Season Parade Shadow Winter Garden Mirror Station Highway Orchard Lantern
Promise Ghost Tide Letter Carnival Signal Border Ballroom Frontier Crossing Echo Engine
Horizon Island Kingdom Motel Rain Storm
""".split()
HOOKS = [
    "a second look",
    "why it still works",
    "the scene everyone remembers",
    "an appreciation",
    "what the critics missed",
    "the ending, explained",
    "five things to notice",
    "a night at the pictures",
    "the music of it",
    "where to start",
]
CHARACTERS = [
    "a retired boxer",
    "a night-shift nurse",
    "two estranged sisters",
    "a jazz pianist",
    "a small-town sheriff",
    "a young cartographer",
    "a failing magician",
    "a widowed fisherman",
    "a runaway heiress",
    "a burned-out detective",
    "a teenage drummer",
    "a travelling projectionist",
]
ACTIONS = [
    "takes one last job",
    "returns home after twenty years",
    "falls for the wrong stranger",
    "finds a letter that changes everything",
    "sets out across the country",
    "tries to win back a lost love",
    "is drawn into a conspiracy",
    "starts a band",
    "keeps a secret for one long night",
    "plans an impossible heist",
]
COMPLICATIONS = [
    "while a storm closes every road",
    "before the summer ends",
    "as the city falls apart around them",
    "with nothing but a borrowed car",
    "while a festival fills the streets",
    "as an old rival comes back",
    "over the course of a single night",
]
TAGLINES = [
    "Some doors stay open.",
    "One night. No way back.",
    "Every song ends.",
    "The truth takes the long way round.",
    "Nobody leaves this town.",
    "Love, loudly.",
    "Remember the light.",
    "Just keep driving.",
]
STUDIOS = [
    "Northlight Pictures",
    "Harbour Films",
    "Blue Door Studios",
    "Meridian",
    "Little Engine Films",
    "Parade Pictures",
    "Sable & Rye",
]
TAGS = """
jazz night road-trip heist heartbreak friendship small-town coming-of-age revenge ensemble
neo-noir slow-burn road-movie rain music dance family period-piece new-york paris tokyo
summer winter debut remake sequel true-story courtroom boxing sea desert train space
""".split()
SENTENCES = [
    "The {noun_l} in the first act tells you everything the film is about.",
    "{director} shoots the city at night as if it were a stage set after closing time.",
    "It is a film about {topic}, and it never forgets it.",
    "The score leans on jazz, and the drums carry the last twenty minutes.",
    "Watch how the camera stays on faces a beat longer than you expect.",
    "Few films of the decade trust their audience this much.",
    "The night scenes were shot on location, and you can feel the cold.",
    "Its best joke is a single cut, and it lands every time.",
    "The supporting cast is uniformly good; one performance is better than that.",
    "On a second viewing the ending reads as a kindness rather than a cruelty.",
    "It runs {runtime} minutes and does not waste one of them.",
    "Critics at the time called it slight; time has been kinder.",
    "The colour palette moves from warm to cold as the story turns.",
    "Nobody in it is a villain, which is what makes it hurt.",
    "The dialogue is sparse, the silences are not.",
]
TOPICS = [
    "ambition",
    "grief",
    "second chances",
    "music and money",
    "leaving home",
    "what we owe our parents",
    "friendship under pressure",
    "the price of a dream",
]
QUESTIONS = [
    "Did the ending work for you?",
    "Which scene stayed with you?",
    "Is this the director's best film?",
    "",
]
COMMENTS = [
    "Saw it at a festival years ago and still think about the last shot.",
    "I disagree about the ending, but this is a great read.",
    "The score is the real star here.",
    "Watched it again last night because of this post. Holds up.",
    "Underrated. Glad someone is writing about it.",
    "The second half drags for me, but the first hour is perfect.",
    "That scene in the rain! Nothing else like it.",
    "My dad took me to see this when I was twelve.",
    "Fair points, though I would rank it lower than you do.",
    "Adding it to my list for the weekend.",
    "The lead performance deserved every award going.",
    "Anyone know where to stream it?",
]


def person_name(rng: Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"


def film_title(rng: Random) -> str:
    adjective, noun, other = rng.choice(ADJECTIVES), rng.choice(NOUNS), rng.choice(NOUNS)
    pattern = rng.randrange(6)
    if pattern == 0:
        return f"The {adjective} {noun}"
    if pattern == 1:
        return f"{noun} of the {adjective} {other}"
    if pattern == 2:
        return f"{adjective} {noun}s"
    if pattern == 3:
        return f"A {noun} in {rng.choice(PLACES)}"
    if pattern == 4:
        return f"{rng.choice(PLACES)} {noun}"
    return f"The {noun} and the {other}"


def synopsis(rng: Random) -> str:
    first = f"{rng.choice(CHARACTERS).capitalize()} {rng.choice(ACTIONS)}"
    return f"{first} in {rng.choice(PLACES)} {rng.choice(COMPLICATIONS)}."


def bio(rng: Random, name: str) -> str:
    return (
        f"{name} was born in {rng.choice(PLACES)} and began in theatre before moving to film. "
        f"Critics know {name.split()[0]} for work about {rng.choice(TOPICS)}."
    )


def sentence(rng: Random, *, director: str) -> str:
    return rng.choice(SENTENCES).format(
        noun_l=rng.choice(NOUNS).lower(),
        director=director,
        topic=rng.choice(TOPICS),
        runtime=rng.randint(85, 160),
    )


def post_body(rng: Random, *, film_title: str, director: str) -> str:
    """Markdown of four to eight paragraphs, with a heading and a quotation now and then."""
    paragraphs = []
    for index in range(rng.randint(4, 8)):
        if index == 2 and rng.random() < 0.5:
            paragraphs.append(f"## Why *{film_title}* matters")
        if index == 4 and rng.random() < 0.3:
            paragraphs.append(f"> {rng.choice(TAGLINES)}")
        paragraphs.append(
            " ".join(sentence(rng, director=director) for _ in range(rng.randint(3, 6)))
        )
    return "\n\n".join(paragraphs)


def comment_body(rng: Random) -> str:
    return " ".join(rng.sample(COMMENTS, rng.randint(1, 3)))
