"""Word lists for human-plausible, deterministic names, emails and titles."""


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


FIRST_NAMES = _words(
    "Aaron Abigail Adam Adrian Aisha Alan Alex Alice Amara Amelia Ana Andrea Andrew Angela Anita "
    "Anna Arjun Ben Bianca Brian Bruno Camila Carla Carlos Caroline Chen Chloe Chris Clara Daniel "
    "David Diana Diego Dmitri Elena Eli Elif Emily Emma Eric Esther Ethan Eva Fatima Felix Fiona "
    "Gabriel George Grace Hana Hannah Harper Hassan Helen Henry Hugo Ian Ingrid Isaac Isabel Ivan "
    "Jack James Jane Javier Jasmine Jason Jennifer Jin Joanna Joel John Jonas Jordan Jose Julia "
    "Julian Kai Karen Kate Kenji Kevin Kim Laila Lars Laura Leah Leo Liam Lina Lisa Lucas Lucia Luis "
    "Maya Marco Maria Mark Marta Mateo Mei Mia Michael Mohammed Nadia Naomi Nathan Nia Nikhil Nina "
    "Noah Nora Olga Oliver Olivia Omar Oscar Pablo Paul Pedro Peter Priya Rachel Rafael Rahul Raj "
    "Rebecca Rosa Ruth Ryan Samuel Sara Sebastian Sofia Sophie Stefan Susan Tariq Thomas Tom "
    "Valentina Victor Wei William Yara Yuki Zara Zoe "
)

LAST_NAMES = _words(
    "Abbott Adams Ahmed Alvarez Anderson Andersson Bailey Baker Banerjee Becker Bell Bennett Berg "
    "Bianchi Brooks Brown Campbell Carter Castro Chen Clark Collins Costa Cruz Das Davies Diaz "
    "Dubois Edwards Evans Fernandez Fischer Fletcher Foster Garcia Gomez Gonzalez Gray Green Gupta "
    "Hall Hansen Harris Hayes Hernandez Hill Hoffmann Hughes Ito Jackson Jensen Johnson Jones Kaur "
    "Kelly Khan Kim King Klein Koch Kowalski Kumar Larsen Lee Lewis Lopez Martin Martinez Meyer "
    "Miller Mitchell Moore Morales Morgan Mueller Murphy Nakamura Nelson Nguyen Nielsen Novak Ortiz "
    "Park Patel Perez Peters Petrov Price Reed Reyes Richter Rivera Roberts Robinson Rodriguez "
    "Romano Rossi Ruiz Sanchez Santos Schmidt Schneider Scott Shah Silva Singh Smith Sousa Stewart "
    "Suzuki Tan Taylor Thomas Thompson Torres Turner Walker Wang Ward Weber White Williams Wilson "
    "Wong Wright Yamamoto Young Zhang "
)

COMPANY_PREFIX = _words(
    "Acme Apex Arbor Atlas Aurora Beacon Birch Blue Bright Cedar Cobalt Compass Coral Crest Delta "
    "Ember Evergreen Falcon Fjord Summit Granite Harbor Helix Horizon Indigo Iron Juniper Keystone "
    "Lumen Maple Meridian Nimbus Northwind Nova Oak Orbit Orion Pacific Pine Pioneer Polar Prism "
    "Quartz Radiant Redwood River Sable Sage Sierra Silver Solar Spruce Sterling Stone Terra Tidal "
    "Vantage Vertex Willow Zenith "
)

COMPANY_CORE = _words(
    "Analytics Bio Capital Cloud Data Dynamics Energy Foods Freight Health Labs Learning Logistics "
    "Media Medical Mobility Networks Partners Pay Retail Robotics Security Software Systems Travel "
    "Works "
)

COMPANY_SUFFIX = ("", "", "", " Inc", " Group", " Ltd", " Co", " GmbH", " Holdings", " Technologies")

INDUSTRIES = (
    "software",
    "financial_services",
    "healthcare",
    "retail",
    "manufacturing",
    "education",
    "media",
    "logistics",
    "professional_services",
    "energy",
)
REGIONS = ("na", "emea", "apac", "latam")
DEPARTMENTS = (
    "engineering",
    "operations",
    "marketing",
    "sales",
    "finance",
    "customer_success",
    "product",
    "hr",
)
USER_ROLES = ("admin", "member", "viewer")

TITLES = {
    "ic": ("Analyst", "Specialist", "Engineer", "Coordinator"),
    "manager": ("Manager", "Team Lead", "Program Manager"),
    "director": ("Director", "Senior Director", "Head of"),
    "vp": ("VP", "SVP"),
    "c_level": (
        "Chief Operating Officer",
        "Chief Technology Officer",
        "Chief Financial Officer",
        "Chief Revenue Officer",
    ),
}
SENIORITY = ("ic", "manager", "director", "vp", "c_level")
DEPARTMENT_LABEL = {
    "engineering": "Engineering",
    "operations": "Operations",
    "marketing": "Marketing",
    "sales": "Sales",
    "finance": "Finance",
    "customer_success": "Customer Success",
    "product": "Product",
    "hr": "People",
}


def title_for(seniority: str, department: str, pick: int) -> str:
    options = TITLES[seniority]
    base = options[pick % len(options)]
    if seniority == "c_level":
        return base
    label = DEPARTMENT_LABEL[department]
    if base == "Head of":
        return f"Head of {label}"
    if seniority == "vp":
        return f"{base} {label}"
    return f"{label} {base}"
