"""Invented people for the demo clinic. Any likeness to a real person is chance."""

GIVEN_FEMALE = [
    "Amelia", "Brigitte", "Chiara", "Dalia", "Esme", "Farah", "Greta", "Hana", "Ines", "Joanna",
    "Kirsi", "Lena", "Maren", "Noor", "Odette", "Priya", "Rosalind", "Sana", "Tamsin", "Ulla",
]  # fmt: skip
GIVEN_MALE = [
    "Anton", "Bram", "Caspar", "Dev", "Emil", "Felix", "Gideon", "Hugo", "Idris", "Jonas",
    "Kenji", "Lucan", "Mateo", "Nils", "Oren", "Pavel", "Rafael", "Soren", "Tobias", "Viktor",
]  # fmt: skip
FAMILY = [
    "Aldridge", "Brennick", "Castellan", "Dunmore", "Eskildsen", "Fairweather", "Galloway",
    "Halvorsen", "Ivanova", "Jablonski", "Kettering", "Lindqvist", "Marchetti", "Northcote",
    "Okonjo", "Pellegrini", "Quennell", "Rasmussen", "Stavros", "Thorncroft", "Umberton",
    "Vasquez", "Whitlock", "Yarrow", "Zelenko", "Ashdown", "Blackwood", "Corrigan",
    "Delacroix", "Emberley",
]  # fmt: skip
STREETS = [
    "Mill Lane",
    "Orchard Road",
    "Harbour Street",
    "Elm Grove",
    "Station Road",
    "Quarry Hill",
]

# (title, text) of a first chart note: what brought the patient to the clinic.
COMPLAINTS = [
    (
        "Phone triage: neck pain and headaches",
        "Right-sided neck ache for 3 months with headaches at the right temple, worse after long "
        "days at the laptop. No dizziness, no arm symptoms. Booked for initial assessment.",
    ),
    (
        "Phone triage: shoulder pain",
        "Left shoulder ache deep in the front of the joint since painting the house, worse lying "
        "on that side and reaching behind the back. No trauma. Booked for initial assessment.",
    ),
    (
        "Phone triage: low back and buttock pain",
        "Aching low back and right buttock after a week of heavy lifting during a house move. "
        "No leg numbness, no bladder or bowel change. Booked for initial assessment.",
    ),
    (
        "Phone triage: outer elbow pain",
        "Outer elbow pain on the right when gripping and lifting the kettle; works as a carpenter. "
        "Booked for initial assessment.",
    ),
    (
        "Phone triage: heel pain",
        "Pain under the left heel on the first steps in the morning for 6 weeks; recently started "
        "running again. Booked for initial assessment.",
    ),
    (
        "Phone triage: jaw and face pain",
        "Aching jaw and cheek on the left, clenches teeth under stress; dentist found no dental "
        "cause. Booked for initial assessment.",
    ),
    (
        "Phone triage: widespread pain",
        "Pain in many areas for over a year with poor sleep and fatigue; GP query fibromyalgia. "
        "Booked for a longer initial assessment.",
    ),
]
