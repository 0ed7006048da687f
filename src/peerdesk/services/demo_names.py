"""Word lists for the fictional demo data: names, teams, job titles and short notes.

Every person the demo builds is a random combination of common given and family names
from many cultures (Latin script, with their accents), so no record describes a real
person. The notes are short, generic and identify nobody.
"""

from __future__ import annotations

from typing import Final

from peerdesk.domain.enums import EmploymentType, RoleCategory

ORGANISATION_NAME: Final = "Riverside Peer Support (demo)"
# Letters make it plain that this is not a registered charity's number.
ORGANISATION_CHARITY_NUMBER: Final = "DEMO-1234567"
ORGANISATION_SUPERVISION_DAYS: Final = 28

# The team holding the chief executive and most office roles; always present.
CENTRAL_TEAM: Final = "Central Services"
# Service teams, in the order they are added as the organisation grows.
SERVICE_TEAMS: Final = (
    "Community Outreach",
    "Recovery College",
    "Hospital Discharge",
    "Housing Support",
    "Criminal Justice Peer Team",
    "Women's Service",
    "Youth Peer Team",
    "Wellbeing Hub",
    "Crisis Café",
    "Substance Use Recovery",
    "Family and Carers Support",
)

FEMALE_GIVEN: Final = (
    # British and Irish
    "Hannah", "Grace", "Charlotte", "Emma", "Sarah", "Rebecca", "Kelly", "Donna",
    "Michelle", "Leanne", "Jade", "Shanice", "Tracey", "Janet", "Elizabeth", "Samantha",
    "Margaret", "Francesca", "Aoife", "Niamh", "Saoirse", "Róisín", "Mairéad", "Siobhán",
    "Orla", "Caitríona", "Eilidh", "Morag", "Kirsty",
    # Welsh
    "Rhiannon", "Siân", "Ffion", "Cerys", "Gwenllïan", "Elin", "Lowri", "Mererid",
    # Central and eastern European
    "Katarzyna", "Małgorzata", "Agnieszka", "Aleksandra", "Łucja", "Zofia", "Zuzana",
    "Alžběta", "Kateřina", "Tereza", "Zsófia", "Réka", "Ioana", "Andreea", "Ștefania",
    "Rūta", "Aušra", "Līga", "Ivana", "Jelena", "Mirjana",
    # Western and northern European
    "Zoë", "Chloé", "Hélène", "Amélie", "Noémie", "Élodie", "Anaïs", "Inês", "Beatriz",
    "Conceição", "Joana", "María", "Lucía", "Sofía", "Ángela", "Pilar", "Jördis", "Lena",
    "Anke", "Åsa", "Linnéa", "Sigrún", "Ingrid", "Giulia", "Chiara",
    # Turkish, Kurdish and Middle Eastern
    "Ayşe", "Gülşen", "Şule", "Elif", "Zeynep", "Leyla", "Rojda",
    # African and Caribbean
    "Ngozi", "Chiamaka", "Adaeze", "Funmilayo", "Ifeoma", "Yetunde", "Ama", "Akosua",
    "Abena", "Hodan", "Faduma", "Ayaan", "Nia", "Shantelle",
    # South Asian
    "Priya", "Anjali", "Deepika", "Sunita", "Harpreet", "Simran", "Parveen", "Aisha",
    "Fatima", "Nusrat", "Rukhsana", "Shirin", "Meera", "Lakshmi",
    # East and south-east Asian
    "Lan", "Thảo", "Hương", "Ngọc", "Mai", "Xiaoling", "Mei", "Yan", "Maricel", "Hana",
)  # fmt: skip

MALE_GIVEN: Final = (
    # British and Irish
    "Daniel", "James", "Thomas", "Oliver", "Jack", "Liam", "Callum", "Ryan", "Kieran",
    "Declan", "Euan", "Hamish", "Fraser", "Mark", "Darren", "Lee", "Wayne", "Craig", "Gary",
    "Michael", "Christopher", "Nicholas", "Jonathan", "Benjamin", "Alexander", "Seán",
    "Oisín", "Ciarán", "Pádraig", "Darragh", "Cian",
    # Welsh
    "Dafydd", "Llŷr", "Rhodri", "Aled", "Tomos", "Emrys", "Iwan", "Gruffydd", "Rhys",
    # Central and eastern European
    "Łukasz", "Paweł", "Wojciech", "Krzysztof", "Tomasz", "Jiří", "Tomáš", "Ondřej",
    "Matěj", "Ștefan", "Bogdan", "Andrei", "Marius", "Dávid", "Bence", "Gábor", "Luka",
    "Nikola", "Darko", "Dominik", "Mantas", "Jonas",
    # Western and northern European
    "Tomás", "José", "Andrés", "Joaquín", "Raúl", "João", "Gonçalo", "André", "François",
    "Jérôme", "Benoît", "Loïc", "Jürgen", "Jörg", "Björn", "Søren", "Matteo", "Niccolò",
    # Turkish, Kurdish and Middle Eastern
    "Mehmet", "Emre", "Barış", "Oğuz", "Kemal", "Yusuf", "Karwan",
    # African and Caribbean
    "Chinedu", "Emeka", "Oluwaseun", "Tunde", "Kwame", "Kofi", "Yaw", "Abdi", "Mohamed",
    "Jamal", "Tyrone", "Leroy", "Delroy",
    # South Asian
    "Ahmed", "Imran", "Rahul", "Arjun", "Sanjay", "Gurpreet", "Harjit", "Rajesh", "Muhammad",
    "Faisal",
    # East and south-east Asian
    "Minh", "Dũng", "Quang", "Huy", "Tuấn", "Wei", "Jun", "Hiroshi", "Kenji",
)  # fmt: skip

NEUTRAL_GIVEN: Final = (
    "Alex", "Sam", "Jordan", "Robin", "Charlie", "Jamie", "Rowan", "Ash", "Kai", "Eli",
    "Morgan", "Remi", "Sasha", "Ari", "Quinn", "Jessie", "Sidney", "Avery", "Frankie",
    "Taylor", "Rory", "Noa", "Bláithín", "Ellis",
)  # fmt: skip

FAMILY_NAMES: Final = (
    # English, Scottish and Caribbean British
    "Smith", "Taylor", "Brown", "Wilson", "Walker", "Robinson", "Wright", "Thompson",
    "Green", "Hall", "Wood", "Clarke", "Hughes", "Edwards", "Turner", "Hill", "Cooper",
    "Ward", "Harris", "Martin", "Baker", "King", "Allen", "Young", "Mitchell", "Francis",
    "Samuels", "Grant", "Bailey", "Campbell", "MacLeod", "Fraser", "MacDonald", "Stewart",
    "Henderson", "Sinclair",
    # Irish
    "O'Brien", "O'Connor", "Murphy", "Byrne", "Gallagher", "Doherty", "Ó Súilleabháin",
    "Mac Cárthaigh", "Ó Floinn", "Mac Lochlainn", "Ó Ceallaigh",
    # Welsh
    "Jones", "Davies", "Evans", "Williams", "Pritchard", "Llewellyn", "Prosser",
    "Griffiths", "Bowen", "Price", "Vaughan", "Gruffudd", "Rhydderch",
    # Polish, Czech, Hungarian, Romanian, Baltic and Balkan
    "Nowak", "Wójcik", "Kaczmarek", "Mazur", "Krawczyk", "Wróbel", "Sikora", "Łukasiewicz",
    "Dvořák", "Novák", "Svoboda", "Procházka", "Kučera", "Horák", "Nagy", "Kovács", "Tóth",
    "Szabó", "Horváth", "Fekete", "Popescu", "Ionescu", "Ștefănescu", "Dumitru", "Horvat",
    "Kovačević", "Jovanović", "Petrović", "Babić", "Marić", "Šimić",
    # German, Scandinavian, Dutch
    "Müller", "Schröder", "Schäfer", "Köhler", "Weiß", "Groß", "Krüger", "Böhm",
    "Hoffmann", "Becker", "Sørensen", "Jørgensen", "Åberg", "Lindqvist", "Eriksen",
    "van der Berg", "de Vries", "Janssen",
    # French, Spanish, Portuguese, Italian, Greek Cypriot
    "Lefèvre", "Dubois", "Moreau", "Girard", "Fontaine", "Mercier", "Bélanger", "Côté",
    "García", "Fernández", "López", "Martínez", "Rodríguez", "Sánchez", "Gómez", "Muñoz",
    "Peña", "Núñez", "Gonçalves", "Araújo", "Magalhães", "Simões", "Rossi", "Russo",
    "Esposito", "Bianchi", "Romano", "Ricci", "De Luca", "D'Angelo", "Georgiou",
    "Christodoulou",
    # Turkish and Kurdish
    "Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Öztürk", "Aydın", "Doğan", "Güneş",
    "Barzani",
    # West and East African
    "Okafor", "Adeyemi", "Okonkwo", "Eze", "Nwosu", "Adebayo", "Obi", "Balogun",
    "Ogunleye", "Chukwu", "Mensah", "Asante", "Owusu", "Boateng", "Appiah", "Warsame",
    "Farah", "Hassan", "Osman", "Abdi", "Mwangi", "Otieno",
    # South Asian
    "Patel", "Sharma", "Singh", "Gill", "Sandhu", "Khan", "Hussain", "Ahmed", "Chowdhury",
    "Rahman", "Iqbal", "Malik", "Reddy", "Nair", "Iyer", "Banerjee", "Mistry", "Bhatt",
    # East and south-east Asian
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Đặng", "Wong", "Chen", "Li", "Zhang",
    "Liu", "Huang", "Lam", "Cheung", "Santos", "Reyes", "Tanaka",
)  # fmt: skip

# Short forms some people prefer to be called by.
NICKNAMES: Final[dict[str, tuple[str, ...]]] = {
    "Katarzyna": ("Kasia",),
    "Małgorzata": ("Gosia",),
    "Aleksandra": ("Ola",),
    "Alžběta": ("Běta",),
    "Zsófia": ("Zsófi",),
    "Wojciech": ("Wojtek",),
    "Krzysztof": ("Krzysiek",),
    "Jiří": ("Jirka",),
    "Oluwaseun": ("Seun",),
    "Funmilayo": ("Funmi",),
    "Chiamaka": ("Amaka",),
    "Adaeze": ("Ada",),
    "Gruffydd": ("Gruff",),
    "Dafydd": ("Dai", "Daf"),
    "Gwenllïan": ("Gwen",),
    "Elizabeth": ("Liz", "Beth", "Lizzie"),
    "Rebecca": ("Becky", "Bex"),
    "Samantha": ("Sam",),
    "Margaret": ("Mags", "Maggie"),
    "Francesca": ("Fran", "Frankie"),
    "Caitríona": ("Caít",),
    "Alexander": ("Alex", "Sandy"),
    "Nicholas": ("Nick",),
    "Christopher": ("Chris",),
    "Michael": ("Mike", "Mick"),
    "Jonathan": ("Jon",),
    "Benjamin": ("Ben",),
    "Thomas": ("Tom", "Tommy"),
    "Daniel": ("Dan", "Danny"),
    "Muhammad": ("Mo",),
    "Mohamed": ("Mo",),
    "Pádraig": ("Pat",),
    "Xiaoling": ("Lily",),
    "Wei": ("William",),
    "Niccolò": ("Nico",),
    "Joaquín": ("Quino",),
}

JOB_TITLES: Final[dict[RoleCategory, tuple[str, ...]]] = {
    RoleCategory.PEER_WORKER: (
        "Peer Support Worker",
        "Peer Support Worker",
        "Peer Worker",
        "Peer Mentor",
        "Peer Recovery Worker",
        "Peer Navigator",
        "Lived Experience Practitioner",
    ),
    RoleCategory.PEER_APPRENTICE: (
        "Peer Support Apprentice",
        "Apprentice Peer Worker",
        "Lived Experience Apprentice",
    ),
    RoleCategory.SENIOR_PEER_WORKER: (
        "Senior Peer Support Worker",
        "Senior Peer Support Worker",
        "Peer Support Coordinator",
        "Lead Peer Worker",
        "Peer Practice Lead",
    ),
    RoleCategory.MANAGER: (
        "Team Manager",
        "Team Manager",
        "Deputy Team Manager",
    ),
    RoleCategory.CLINICAL: (
        "Mental Health Nurse",
        "Clinical Psychologist",
        "Occupational Therapist",
        "Social Worker",
        "Counsellor",
        "Psychotherapist",
        "Dual Diagnosis Practitioner",
    ),
    RoleCategory.NON_CLINICAL: (
        "Administrator",
        "Finance Officer",
        "HR Advisor",
        "Data and Quality Officer",
        "Volunteer Coordinator",
        "Receptionist",
        "Fundraising Officer",
        "Training Coordinator",
        "Communications Officer",
    ),
    RoleCategory.VOLUNTEER: (
        "Volunteer Peer Supporter",
        "Befriender",
        "Volunteer Group Facilitator",
        "Café Volunteer",
        "Volunteer Tutor",
        "Volunteer Peer Mentor",
    ),
}
CHIEF_EXECUTIVE_TITLE: Final = "Chief Executive"
HEAD_OF_SERVICE_TITLE: Final = "Service Manager"
# Managers in the central team look after the organisation rather than a service.
CENTRAL_MANAGER_TITLES: Final = (
    "Operations Manager",
    "Quality and Learning Manager",
    "Finance Manager",
    "HR Manager",
    "Volunteer Services Manager",
)

# Peer worker titles that fit a particular team better than the general ones.
TEAM_PEER_TITLES: Final[dict[str, tuple[str, ...]]] = {
    "Hospital Discharge": ("Hospital Discharge Peer Worker", "Peer Support Worker (Wards)"),
    "Housing Support": ("Housing Peer Navigator", "Tenancy Sustainment Peer Worker"),
    "Criminal Justice Peer Team": ("Through the Gate Peer Mentor", "Criminal Justice Peer Mentor"),
    "Youth Peer Team": ("Youth Peer Worker", "Young People's Peer Mentor"),
    "Women's Service": ("Women's Peer Support Worker",),
    "Recovery College": ("Peer Trainer", "Recovery College Peer Tutor"),
    "Substance Use Recovery": ("Recovery Peer Mentor", "Peer Recovery Champion"),
    "Family and Carers Support": ("Carer Peer Support Worker",),
    "Crisis Café": ("Crisis Café Peer Worker",),
}

LEAVING_REASONS: Final[dict[EmploymentType, tuple[str, ...]]] = {
    EmploymentType.PERMANENT: (
        "Moved to a peer support role in the NHS.",
        "Took up a job with another charity.",
        "Relocated out of the area.",
        "Returned to full-time study.",
        "Career change.",
        "Left to focus on their own wellbeing.",
        "Caring responsibilities at home.",
        "Retired.",
        "Promoted into a role with a partner organisation.",
    ),
    EmploymentType.FIXED_TERM: (
        "End of fixed-term contract.",
        "End of fixed-term contract.",
        "Funding for the post ended.",
        "Moved to a permanent role elsewhere before the contract ended.",
    ),
    EmploymentType.APPRENTICESHIP: (
        "Completed the apprenticeship.",
        "Completed the apprenticeship and moved into a peer worker post elsewhere.",
        "Completed the apprenticeship; went on to further study.",
    ),
    EmploymentType.SESSIONAL: (
        "No longer available for sessions.",
        "Took up a permanent post elsewhere.",
        "Relocated out of the area.",
    ),
    EmploymentType.VOLUNTEER: (
        "Started paid work.",
        "Started paid work as a peer worker elsewhere.",
        "Stopped volunteering to concentrate on study.",
        "Moved away.",
        "Needed a break; welcome to return.",
    ),
}

REASONABLE_ADJUSTMENTS: Final = (
    "Flexible start time on Mondays to fit around appointments.",
    "Written summary of each supervision, sent within two days.",
    "Quiet desk space and noise-cancelling headphones in the office.",
    "Phased return: three days a week for the first month.",
    "Screen reader software; documents shared in an accessible format.",
    "Regular short breaks during long training days.",
    "Supervision at the same time each month where possible.",
    "Agendas sent two days before team meetings.",
    "Can work from home on admin days.",
    "Parking space near the entrance.",
    "Lone working limited to daytime visits.",
)

WELLBEING_NOTES: Final = (
    "Wellness Recovery Action Plan agreed; reviewed in supervision each quarter.",
    "Prefers wellbeing check-ins by phone when working in the community.",
    "Early warning signs and agreed contacts are in their own WRAP copy.",
    "Agreed to flag caseload pressure early; review at next supervision.",
    "Using the employee assistance programme; no action needed from the team.",
    "Returning from leave: weekly check-ins for the first six weeks.",
    "Would like to talk about boundaries with people they knew as a service user.",
)
