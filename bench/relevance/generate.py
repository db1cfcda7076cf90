"""Writes the larger labelled ranking set of issue 30 (``bench/relevance/v3/``), deterministically.

Every posting is drawn from hidden *facts* (role, track and level, site, workplace, remote scope,
pay, how an excluded term is mentioned, missing skills, age, language) and written out as a board
would show it: company pitch, responsibilities, requirements, benefits with their own amounts, and
legal boilerplate. Its grade for each profile is decided from the facts alone, by the written rules
of ``README.md`` (``grade`` below), never from the text, so a scorer must read the text to recover
what the grader knew. The split into a tuning part and a held-out part is fixed here, once.

Run: ``.venv/bin/python -m bench.relevance.generate`` (rewrites ``v3/``; same output every time).
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

OUT = Path(__file__).resolve().parent / "v3"
SEED = 30
RATES = {"EUR": 1.0, "USD": 1.17, "GBP": 0.855, "PLN": 4.24, "MXN": 22.1}  # data/exchange_rates.yaml
LADDER = ["intern", "junior", "mid", "senior", "staff", "principal"]
MANAGEMENT = ["manager", "director"]


def level_gap(job: str, wanted: str) -> int:
    """The same steps the README's rules count: along a track, or across (a manager is two steps
    from a senior, staff or principal IC, three from anything else)."""
    if job in LADDER and wanted in LADDER:
        return abs(LADDER.index(job) - LADDER.index(wanted))
    if job in MANAGEMENT and wanted in MANAGEMENT:
        return abs(MANAGEMENT.index(job) - MANAGEMENT.index(wanted))
    ic = job if job in LADDER else wanted
    manager = wanted if job in LADDER else job
    return 2 if manager == "manager" and ic in ("senior", "staff", "principal") else 3


# ----------------------------------------------------------------------------------------------
# Roles: what the work is. Titles by language; "odd" titles name the work in unusual words.


@dataclass(frozen=True)
class Role:
    key: str
    track: str  # ic or mgmt
    titles: dict[str, list[str]]
    odd: list[str]
    duties: dict[str, list[str]]
    needs: dict[str, list[str]]
    team: str = "team"


def _r(key, track, titles, odd, duties, needs, team="team"):
    return Role(key, track, titles, odd, duties, needs, team)


ROLES = {
    r.key: r
    for r in [
        _r(
            "data_engineer",
            "ic",
            {
                "en": ["Data Engineer", "Analytics Engineer", "Data Platform Engineer"],
                "de": ["Data Engineer (m/w/d)", "Data Engineer Analytics Plattform (m/w/d)"],
            },
            ["Pipeline Gardener", "Ingestion Wrangler", "Builder, Data Foundations"],
            {
                "en": [
                    "Design, build and run batch and streaming pipelines in Python and SQL",
                    "Model the warehouse so analysts can trust every number",
                    "Orchestrate hundreds of daily jobs and keep their SLAs",
                    "Move event streams from the product into the lakehouse",
                    "Own data quality checks, lineage and backfills",
                    "Review code and pair with analytics engineers on modelling",
                ],
                "de": [
                    "Du entwickelst und betreibst Batch- und Streaming-Pipelines mit Python und SQL",
                    "Du modellierst unser Data Warehouse, damit jede Kennzahl stimmt",
                    "Du orchestrierst täglich hunderte Jobs und sicherst Datenqualität",
                    "Du bringst Event-Streams aus dem Produkt in unser Lakehouse",
                ],
            },
            {
                "en": ["Strong Python", "Excellent SQL", "Experience with Airflow or Dagster", "dbt a plus"],
                "de": ["Sehr gute Kenntnisse in Python", "Sicherer Umgang mit SQL", "Erfahrung mit Airflow"],
            },
        ),
        _r(
            "data_eng_manager",
            "mgmt",
            {"en": ["Data Engineering Manager", "Head of Data Engineering"]},
            [],
            {
                "en": [
                    "Lead a team of six data engineers: hiring, coaching and performance reviews",
                    "Set the roadmap of the data platform with product and analytics",
                    "Run planning and delivery for pipelines and the warehouse",
                ]
            },
            {"en": ["Python and SQL background", "Experience managing engineers"]},
        ),
        _r(
            "data_analyst",
            "ic",
            {"en": ["Data Analyst", "BI Developer"]},
            [],
            {
                "en": [
                    "Build dashboards in Looker for sales and finance",
                    "Answer ad-hoc business questions with SQL",
                    "Present insights to leadership every month",
                ]
            },
            {"en": ["SQL", "Looker or Tableau", "Excel"]},
        ),
        _r(
            "backend_engineer",
            "ic",
            {"en": ["Backend Engineer", "Software Engineer, Backend"]},
            [],
            {
                "en": [
                    "Build and operate services in Go and Python behind our public API",
                    "Design database schemas in PostgreSQL",
                    "Own on-call for your services",
                ]
            },
            {"en": ["Go or Python", "PostgreSQL", "Docker and Kubernetes"]},
        ),
        _r(
            "frontend_engineer",
            "ic",
            {"en": ["Frontend Engineer", "Frontend Developer", "React Developer"]},
            ["UI Craftsperson", "Browser Whisperer", "Builder, Customer Web App"],
            {
                "en": [
                    "Build the customer web app in React and TypeScript",
                    "Turn Figma designs into accessible, fast components",
                    "Grow our design system with the design team",
                    "Write tests with Testing Library and Playwright",
                ]
            },
            {"en": ["React", "TypeScript", "CSS you are proud of", "Accessibility know-how"]},
        ),
        _r(
            "fullstack_engineer",
            "ic",
            {"en": ["Full Stack Engineer", "Fullstack Developer"]},
            [],
            {
                "en": [
                    "Ship features end to end in React and Node.js",
                    "Build APIs and the screens that use them",
                ]
            },
            {"en": ["React", "TypeScript", "Node.js"]},
        ),
        _r(
            "engineering_manager",
            "mgmt",
            {"en": ["Engineering Manager", "Software Engineering Manager", "Engineering Team Lead"]},
            ["Manager, Platform Teams", "People Lead, Payments Engineering"],
            {
                "en": [
                    "Lead a team of seven backend and frontend engineers",
                    "Hire, coach and grow engineers; run one-on-ones and performance reviews",
                    "Own delivery with the product manager and keep the team healthy",
                    "Shape the technical roadmap with staff engineers",
                ]
            },
            {"en": ["Experience managing engineers", "Background in Python or Go", "Agile delivery"]},
        ),
        _r(
            "sre",
            "ic",
            {"en": ["Site Reliability Engineer", "Platform Engineer", "DevOps Engineer"]},
            ["Reliability Shepherd", "Uptime Guardian", "Engineer, Production Health"],
            {
                "en": [
                    "Run our Kubernetes clusters on AWS and keep them boring",
                    "Define SLOs and the alerting behind them",
                    "Automate infrastructure with Terraform",
                    "Lead incident response and blameless postmortems",
                ]
            },
            {"en": ["Kubernetes", "Terraform", "AWS", "Prometheus and Grafana"]},
        ),
        _r(
            "it_support",
            "ic",
            {"en": ["IT Support Technician", "IT Helpdesk Specialist"]},
            [],
            {"en": ["Set up laptops and accounts", "Answer the internal helpdesk"]},
            {"en": ["Windows and macOS", "Jamf"]},
        ),
        _r(
            "product_designer",
            "ic",
            {"en": ["Product Designer", "UX Designer", "Product Designer, Growth"]},
            ["Pixel Pusher", "Interface Artisan", "Designer, Core Experience"],
            {
                "en": [
                    "Design end-to-end flows in Figma from discovery to handoff",
                    "Run usability tests and turn them into better screens",
                    "Contribute to our design system",
                    "Prototype ideas with the product manager and engineers",
                ]
            },
            {"en": ["A portfolio of shipped product work", "Figma", "Prototyping", "User research"]},
        ),
        _r(
            "design_manager",
            "mgmt",
            {"en": ["Design Manager", "Head of Design"]},
            [],
            {"en": ["Lead a team of five product designers", "Own design quality and hiring"]},
            {"en": ["Figma", "Experience managing designers"]},
        ),
        _r(
            "ux_researcher",
            "ic",
            {"en": ["UX Researcher", "User Researcher"]},
            [],
            {"en": ["Plan and run interviews and usability studies", "Synthesize findings for design"]},
            {"en": ["Qualitative research", "Figma a plus"]},
        ),
        _r(
            "graphic_designer",
            "ic",
            {"en": ["Graphic Designer", "Brand Designer"]},
            [],
            {"en": ["Design campaigns, print and social assets", "Keep the brand consistent"]},
            {"en": ["Adobe Illustrator", "InDesign"]},
        ),
        _r(
            "account_executive",
            "ic",
            {
                "en": ["Account Executive", "Enterprise Account Executive", "Key Account Manager"],
                "es": ["Ejecutivo de Cuentas", "Account Executive (Mercado Medio)", "Key Account Manager"],
            },
            ["Revenue Champion", "Closer, Mid-Market", "Growth Partner, SMB"],
            {
                "en": [
                    "Own the full B2B sales cycle from discovery to close for mid-market accounts",
                    "Build pipeline with your SDR and run tailored demos",
                    "Negotiate contracts with procurement and legal",
                    "Forecast accurately in Salesforce and hit your quota",
                ],
                "es": [
                    "Gestionarás el ciclo completo de venta B2B, desde el descubrimiento hasta el cierre",
                    "Generarás oportunidades con tu SDR y harás demos a medida",
                    "Negociarás contratos con compras y el departamento legal",
                    "Mantendrás tu previsión al día en Salesforce y cumplirás tu cuota",
                ],
            },
            {
                "en": ["B2B sales experience", "Salesforce", "Excellent negotiation skills"],
                "es": ["Experiencia en ventas B2B", "Manejo de Salesforce", "Capacidad de negociación"],
            },
        ),
        _r(
            "sales_manager",
            "mgmt",
            {
                "en": ["Sales Manager", "Head of Sales", "Sales Team Lead"],
                "fr": ["Responsable des Ventes", "Sales Manager (H/F)", "Manager Commercial"],
            },
            ["Revenue Team Coach", "Leader, Mid-Market Sales Squad"],
            {
                "en": [
                    "Lead a team of eight account executives: hiring, coaching and weekly pipeline reviews",
                    "Own the team's quota and forecast in Salesforce",
                    "Run deal reviews and join strategic negotiations",
                    "Build the sales playbook with marketing",
                ],
                "fr": [
                    "Vous encadrez une équipe de huit commerciaux : recrutement, coaching et revues de pipeline",
                    "Vous êtes responsable du quota de l'équipe et des prévisions dans Salesforce",
                    "Vous accompagnez les négociations stratégiques",
                    "Vous construisez le playbook commercial avec le marketing",
                ],
            },
            {
                "en": ["B2B sales experience", "Experience managing a sales team", "Salesforce"],
                "fr": ["Expérience en vente B2B", "Management d'équipe commerciale", "Salesforce"],
            },
        ),
        _r(
            "sdr",
            "ic",
            {"en": ["Sales Development Representative", "Business Development Representative"]},
            [],
            {"en": ["Prospect new accounts by email and phone", "Book meetings for account executives"]},
            {"en": ["Resilience", "HubSpot"]},
        ),
        _r(
            "support_specialist",
            "ic",
            {
                "en": [
                    "Customer Support Specialist",
                    "Customer Support Agent",
                    "Technical Support Specialist",
                ],
                "es": ["Especialista de Soporte al Cliente", "Agente de Atención al Cliente"],
            },
            ["Customer Happiness Hero", "Member Care Guide", "Voice of the Customer, Frontline"],
            {
                "en": [
                    "Answer customer questions by chat and email in Zendesk",
                    "Troubleshoot account and billing issues end to end",
                    "Write help center articles",
                    "Flag product bugs to engineering with clear reproductions",
                ],
                "es": [
                    "Responderás consultas de clientes por chat y correo en Zendesk",
                    "Resolverás incidencias de cuentas y facturación de principio a fin",
                    "Redactarás artículos del centro de ayuda",
                    "Reportarás errores del producto al equipo técnico",
                ],
            },
            {
                "en": ["Customer service experience", "Excellent written English", "Zendesk"],
                "es": ["Experiencia en atención al cliente", "Excelente redacción", "Zendesk"],
            },
        ),
        _r(
            "support_manager",
            "mgmt",
            {
                "en": [
                    "Customer Support Manager",
                    "Head of Customer Support",
                    "Support Team Lead",
                    "Manager, Customer Experience",
                ]
            },
            ["Customer Care Captain", "Lead, Support Operations Crew"],
            {
                "en": [
                    "Lead a team of twelve support agents across two shifts: hiring, coaching, one-on-ones",
                    "Own customer service KPIs: first response time, CSAT and backlog",
                    "Build staffing plans and workflows in Zendesk",
                    "Partner with product to fix the root causes of support tickets",
                ]
            },
            {"en": ["Customer service leadership", "People management experience", "Zendesk"]},
        ),
        _r(
            "customer_success_manager",
            "ic",
            {"en": ["Customer Success Manager", "Senior Customer Success Manager"]},
            [],
            {
                "en": [
                    "Own a book of forty enterprise accounts after onboarding",
                    "Run quarterly business reviews and drive renewals",
                ]
            },
            {"en": ["Customer success experience", "Salesforce"]},
        ),
        _r(
            "fpa_analyst",
            "ic",
            {
                "en": ["FP&A Analyst", "Financial Analyst", "Financial Planning & Analysis Analyst"],
                "fr": ["Analyste FP&A (H/F)", "Analyste Financier", "Contrôleur de Gestion FP&A"],
            },
            ["Numbers Storyteller", "Forecasting Partner, Commercial", "Planning & Insights Specialist"],
            {
                "en": [
                    "Own the annual budget and monthly forecasts for two business units",
                    "Build financial models and business cases for leadership",
                    "Explain variances against budget every month",
                    "Improve reporting in Excel and our planning tool",
                ],
                "fr": [
                    "Vous pilotez le budget annuel et les prévisions mensuelles de deux business units",
                    "Vous construisez des modèles financiers et des business cases",
                    "Vous analysez les écarts par rapport au budget chaque mois",
                    "Vous améliorez le reporting sous Excel",
                ],
            },
            {
                "en": ["FP&A experience", "Advanced Excel", "Financial modelling"],
                "fr": ["Expérience en FP&A", "Excel avancé", "Modélisation financière"],
            },
        ),
        _r(
            "fpa_manager",
            "mgmt",
            {"en": ["FP&A Manager", "Head of FP&A"], "fr": ["Responsable FP&A (H/F)"]},
            [],
            {
                "en": ["Lead a team of four FP&A analysts", "Own the budget process and board reporting"],
                "fr": [
                    "Vous managez une équipe de quatre analystes FP&A",
                    "Vous pilotez le processus budgétaire",
                ],
            },
            {"en": ["FP&A", "Excel", "People management"], "fr": ["FP&A", "Excel", "Management"]},
        ),
        _r(
            "accountant",
            "ic",
            {
                "en": ["Financial Accountant", "Accountant", "General Ledger Accountant"],
                "de": ["Bilanzbuchhalter (m/w/d)", "Finanzbuchhalter (m/w/d)", "Accountant (m/w/d)"],
            },
            ["Month-End Hero", "Ledger Keeper", "Specialist, Books & Close"],
            {
                "en": [
                    "Own month-end and year-end close for three entities",
                    "Prepare financial statements under IFRS and HGB",
                    "Reconcile intercompany and bank accounts in SAP",
                    "Support the external audit",
                ],
                "de": [
                    "Sie verantworten Monats- und Jahresabschlüsse für drei Gesellschaften",
                    "Sie erstellen Abschlüsse nach HGB und IFRS",
                    "Sie führen Kontenabstimmungen in SAP durch",
                    "Sie begleiten die Wirtschaftsprüfung",
                ],
            },
            {
                "en": ["IFRS and HGB", "SAP FI", "Reconciliations"],
                "de": ["Sehr gute Kenntnisse in HGB und IFRS", "SAP FI", "Kontenabstimmung"],
            },
        ),
        _r(
            "accounting_manager",
            "mgmt",
            {
                "en": ["Head of Accounting"],
                "de": ["Leiter Buchhaltung (m/w/d)", "Teamleiter Finanzbuchhaltung"],
            },
            [],
            {
                "en": ["Lead a team of five accountants", "Own the close calendar and the audit"],
                "de": ["Sie führen ein Team von fünf Buchhaltern", "Sie verantworten den Abschlusskalender"],
            },
            {"en": ["IFRS", "SAP", "Leadership"], "de": ["HGB", "SAP", "Führungserfahrung"]},
        ),
        _r(
            "controller",
            "ic",
            {"en": ["Controller", "Financial Controller"]},
            [],
            {"en": ["Cost controlling and variance analysis", "Monthly management reporting"]},
            {"en": ["SAP CO", "Excel"]},
        ),
        _r(
            "operations_manager",
            "mgmt",
            {
                "en": [
                    "Operations Manager",
                    "Head of Operations",
                    "Operations Team Lead",
                    "Manager, Fulfilment Operations",
                ]
            },
            ["Site Lead, Fulfilment", "Ops Crew Chief"],
            {
                "en": [
                    "Lead a team of fifteen operations associates and two shift leads",
                    "Own the weekly operations plan, staffing and budget",
                    "Improve processes with lean methods and clear KPIs",
                    "Work with finance and suppliers on cost and quality",
                ]
            },
            {"en": ["People management experience", "Lean or Six Sigma", "Excel and ERP systems"]},
        ),
        _r(
            "operations_coordinator",
            "ic",
            {"en": ["Operations Coordinator", "Operations Analyst"]},
            [],
            {"en": ["Coordinate daily shipments and schedules", "Keep the ERP data clean"]},
            {"en": ["Excel", "ERP"]},
        ),
        _r(
            "product_manager",
            "ic",
            {"en": ["Product Manager", "Senior Product Manager"]},
            [],
            {
                "en": [
                    "Own the roadmap of our onboarding product",
                    "Run discovery interviews and write user stories",
                    "Work with design and engineering every day",
                ]
            },
            {"en": ["Product management experience", "Jira", "Stakeholder management"]},
        ),
        _r(
            "account_manager",
            "ic",
            {"en": ["Account Manager"]},
            [],
            {"en": ["Grow a portfolio of existing customers", "Handle renewals and upsells"]},
            {"en": ["Account management", "CRM"]},
        ),
        _r(
            "nurse",
            "ic",
            {"en": ["Registered Nurse", "ICU Nurse"]},
            [],
            {"en": ["Deliver direct patient care on a busy ward", "Administer medication"]},
            {"en": ["NMC registration", "Patient care"]},
        ),
        _r(
            "chef",
            "ic",
            {"en": ["Chef de Partie", "Sous Chef"]},
            [],
            {"en": ["Run the grill section", "Keep HACCP records"]},
            {"en": ["Culinary training", "HACCP"]},
        ),
        _r(
            "warehouse_associate",
            "ic",
            {"en": ["Warehouse Associate", "Picker Packer"]},
            [],
            {"en": ["Pick and pack customer orders", "Load trucks"]},
            {"en": ["Forklift licence a plus"]},
        ),
        _r(
            "legal_counsel",
            "ic",
            {"en": ["Legal Counsel", "Commercial Lawyer"]},
            [],
            {"en": ["Draft and negotiate commercial contracts", "Advise on GDPR"]},
            {"en": ["Qualified lawyer", "Contract drafting"]},
        ),
        _r(
            "marketing_manager",
            "ic",
            {"en": ["Marketing Manager", "Content Marketing Manager"]},
            [],
            {"en": ["Plan campaigns and the editorial calendar", "Own SEO and newsletters"]},
            {"en": ["Content marketing", "HubSpot"]},
        ),
    ]
}

# ----------------------------------------------------------------------------------------------
# Profiles: what each person wants, and how every role relates to them (cap on the grade).


@dataclass(frozen=True)
class Seeker:
    name: str
    comment: str
    titles: list[str]
    levels: list[str]
    home: str  # the role they are after
    lang: str  # the language of local postings
    city: tuple[str, str]  # (display name, ISO country)
    workplaces: list[str]
    remote_countries: frozenset[str] | None  # None: no remote; empty: not listed
    utc: tuple[float, float]  # the UTC offsets they can work in
    must: list[str]  # skill words the posting must show
    nice: list[str]
    excluded: str
    floor: int
    currency: str
    summary: str
    caps: dict[str, int] = field(default_factory=dict)  # other roles: best grade
    locations: list[str] = field(default_factory=list)
    remote_regions: list[str] = field(default_factory=list)


EU = frozenset("AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE".split())
US = frozenset({"US"})
AMERICAS = frozenset({"US", "CA", "MX", "BR", "AR", "CO", "CL", "PE"})
LATAM = frozenset({"MX", "BR", "AR", "CO", "CL", "PE"})
EUROPE = EU | {"GB", "CH", "NO"}

SEEKERS = [
    Seeker(
        "jonas",
        "Senior data engineer in Berlin or remote in the EU; writes German and English.",
        ["Data Engineer", "Analytics Engineer", "Data Platform Engineer"],
        ["senior", "staff"],
        "data_engineer",
        "de",
        ("Berlin", "DE"),
        ["remote", "hybrid"],
        EU,
        (0, 3),
        ["Python", "SQL"],
        ["Airflow", "dbt", "Kafka"],
        "PHP",
        75000,
        "EUR",
        "Eight years building batch and streaming data pipelines in Python and SQL, warehouse models "
        "in dbt, orchestration with Airflow and event streams with Kafka.",
        {"backend_engineer": 2, "data_analyst": 1, "data_eng_manager": 3},
        ["Berlin", "Remote (EU)"],
        ["EU"],
    ),
    Seeker(
        "eva",
        "Mid-level frontend engineer in Warsaw, on site or hybrid.",
        ["Frontend Engineer", "Frontend Developer"],
        ["mid"],
        "frontend_engineer",
        "en",
        ("Warsaw", "PL"),
        ["hybrid", "onsite"],
        None,
        (1, 2),
        ["React", "TypeScript"],
        ["Playwright", "Accessibility"],
        "Angular",
        180000,
        "PLN",
        "Four years building React and TypeScript web apps, component libraries and accessible "
        "interfaces from Figma designs.",
        {"fullstack_engineer": 2, "backend_engineer": 1, "engineering_manager": 1},
        ["Warsaw"],
        [],
    ),
    Seeker(
        "mia",
        "Engineering manager in Amsterdam or remote in Europe.",
        ["Engineering Manager", "Software Engineering Manager"],
        ["manager"],
        "engineering_manager",
        "en",
        ("Amsterdam", "NL"),
        ["remote", "hybrid", "onsite"],
        EUROPE,
        (0, 2),
        ["People Management"],
        ["Python", "Hiring Engineers"],
        "Java",
        95000,
        "EUR",
        "Engineering manager of two teams for five years: hiring, coaching and one-on-ones, delivery "
        "with product, Python backends.",
        {"backend_engineer": 1, "data_eng_manager": 2, "design_manager": 1, "frontend_engineer": 1},
        ["Amsterdam", "Remote (Europe)"],
        ["Europe"],
    ),
    Seeker(
        "sam",
        "Site reliability engineer in the US, remote only.",
        ["Site Reliability Engineer", "Platform Engineer", "DevOps Engineer"],
        ["senior"],
        "sre",
        "en",
        ("Denver", "US"),
        ["remote"],
        US,
        (-10, -4),
        ["Kubernetes", "Terraform"],
        ["AWS", "Prometheus"],
        "Perl",
        150000,
        "USD",
        "Site reliability engineer: Kubernetes on AWS, Terraform, SLOs, on-call and incident reviews.",
        {"backend_engineer": 2, "it_support": 1, "engineering_manager": 1},
        ["Denver", "Remote (US)"],
        ["US"],
    ),
    Seeker(
        "noah",
        "Product designer in the Americas, remote.",
        ["Product Designer", "UX Designer"],
        ["senior"],
        "product_designer",
        "en",
        ("Toronto", "CA"),
        ["remote", "hybrid"],
        AMERICAS,
        (-8, -3),
        ["Figma"],
        ["Prototyping", "User Research"],
        "gambling",
        120000,
        "USD",
        "Senior product designer: end-to-end flows in Figma, prototyping, usability tests, design systems.",
        {"ux_researcher": 2, "graphic_designer": 1, "design_manager": 3},
        ["Toronto", "Remote (Americas)"],
        ["Americas"],
    ),
    Seeker(
        "ines",
        "Account executive in Madrid; Spanish and English postings.",
        ["Account Executive", "Key Account Manager"],
        ["mid", "senior"],
        "account_executive",
        "es",
        ("Madrid", "ES"),
        ["hybrid", "onsite"],
        None,
        (0, 2),
        ["B2B Sales"],
        ["Salesforce", "Negotiation"],
        "cryptocurrency",
        45000,
        "EUR",
        "Account executive closing mid-market B2B SaaS deals: discovery, demos, negotiation, Salesforce.",
        {"sdr": 1, "sales_manager": 2, "account_manager": 2, "customer_success_manager": 1},
        ["Madrid"],
        [],
    ),
    Seeker(
        "chloe",
        "Sales team manager in Paris; French and English postings.",
        ["Sales Manager", "Head of Sales"],
        ["manager"],
        "sales_manager",
        "fr",
        ("Paris", "FR"),
        ["hybrid", "onsite"],
        None,
        (0, 2),
        ["B2B Sales"],
        ["Salesforce", "People Management"],
        "cold calling",
        80000,
        "EUR",
        "Manager of a B2B sales team of eight: hiring, coaching, forecasting and the sales playbook.",
        {"account_executive": 1, "account_manager": 1, "support_manager": 1},
        ["Paris"],
        [],
    ),
    Seeker(
        "luis",
        "Customer support specialist in Mexico City or remote in Latin America.",
        ["Customer Support Specialist", "Customer Support Agent"],
        ["junior", "mid"],
        "support_specialist",
        "es",
        ("Mexico City", "MX"),
        ["remote", "hybrid", "onsite"],
        LATAM,
        (-6, -3),
        ["Customer Support"],
        ["Zendesk", "English"],
        "cold calling",
        240000,
        "MXN",
        "Three years answering customers by chat and email in Zendesk; billing and account issues.",
        {"customer_success_manager": 1, "sdr": 1, "it_support": 1},
        ["Mexico City", "Remote (LATAM)"],
        ["LATAM"],
    ),
    Seeker(
        "priya",
        "Customer support team manager, remote within Europe or in Lisbon.",
        ["Customer Support Manager", "Head of Customer Support"],
        ["manager"],
        "support_manager",
        "en",
        ("Lisbon", "PT"),
        ["remote", "hybrid"],
        EUROPE,
        (-1, 2),
        ["Customer Support"],
        ["Zendesk", "People Management"],
        "gambling",
        55000,
        "EUR",
        "Manager of a customer support team of ten: hiring, coaching, staffing plans, CSAT and backlog.",
        {"support_specialist": 1, "customer_success_manager": 1, "operations_manager": 1},
        ["Lisbon", "Remote (Europe)"],
        ["Europe"],
    ),
    Seeker(
        "clara",
        "Senior FP&A analyst in Paris; French and English postings.",
        ["FP&A Analyst", "Financial Analyst"],
        ["senior"],
        "fpa_analyst",
        "fr",
        ("Paris", "FR"),
        ["hybrid", "onsite"],
        None,
        (0, 2),
        ["FP&A", "Excel"],
        ["Financial Modeling", "Budgeting"],
        "cryptocurrency",
        60000,
        "EUR",
        "Six years in FP&A: budgets, monthly forecasts, variance analysis and financial models in Excel.",
        {"controller": 2, "fpa_manager": 1, "accountant": 1, "data_analyst": 1},
        ["Paris"],
        [],
    ),
    Seeker(
        "hanna",
        "Financial accountant in Munich, not a software person; German postings.",
        ["Financial Accountant", "Accountant", "Bilanzbuchhalter"],
        ["mid", "senior"],
        "accountant",
        "de",
        ("Munich", "DE"),
        ["hybrid", "onsite"],
        None,
        (0, 2),
        ["IFRS", "SAP"],
        ["HGB", "Reconciliations"],
        "payroll",
        58000,
        "EUR",
        "Accountant with six years in month-end and year-end close under IFRS and HGB, SAP FI, "
        "reconciliations and audits.",
        {"controller": 2, "accounting_manager": 1, "fpa_analyst": 1},
        ["Munich"],
        [],
    ),
    Seeker(
        "omar",
        "Operations manager leading a team, in London.",
        ["Operations Manager", "Head of Operations"],
        ["manager"],
        "operations_manager",
        "en",
        ("London", "GB"),
        ["onsite", "hybrid"],
        None,
        (0, 1),
        ["People Management"],
        ["Lean", "Excel"],
        "night shifts",
        55000,
        "GBP",
        "Operations manager of a fulfilment team of fifteen: staffing, budgets, lean process improvement.",
        {"operations_coordinator": 1, "support_manager": 1, "warehouse_associate": 1},
        ["London"],
        [],
    ),
]
SEEKER = {s.name: s for s in SEEKERS}

# ----------------------------------------------------------------------------------------------
# Places, companies and boilerplate.

CITIES = {
    "Berlin": ("Berlin, Germany", "DE", 1),
    "Munich": ("Munich, Germany", "DE", 1),
    "Hamburg": ("Hamburg, Germany", "DE", 1),
    "Warsaw": ("Warsaw, Poland", "PL", 1),
    "Krakow": ("Kraków, Poland", "PL", 1),
    "Amsterdam": ("Amsterdam, Netherlands", "NL", 1),
    "Rotterdam": ("Rotterdam, Netherlands", "NL", 1),
    "Denver": ("Denver, CO", "US", -7),
    "Austin": ("Austin, TX", "US", -6),
    "Toronto": ("Toronto, Canada", "CA", -5),
    "Madrid": ("Madrid, Spain", "ES", 1),
    "Barcelona": ("Barcelona, Spain", "ES", 1),
    "Paris": ("Paris, France", "FR", 1),
    "Lyon": ("Lyon, France", "FR", 1),
    "Mexico City": ("Mexico City, Mexico", "MX", -6),
    "Bogota": ("Bogotá, Colombia", "CO", -5),
    "Lisbon": ("Lisbon, Portugal", "PT", 0),
    "London": ("London, United Kingdom", "GB", 0),
    "Manchester": ("Manchester, United Kingdom", "GB", 0),
    "Singapore": ("Singapore", "SG", 8),
    "Sydney": ("Sydney, Australia", "AU", 10),
    "Dublin": ("Dublin, Ireland", "IE", 0),
}
ELSEWHERE = {  # a city in the seeker's country that is not theirs, and one abroad
    "DE": ["Hamburg", "London"],
    "PL": ["Krakow", "Berlin"],
    "NL": ["Rotterdam", "Austin"],
    "US": ["Austin", "Singapore"],
    "CA": ["Austin", "London"],
    "ES": ["Barcelona", "Lisbon"],
    "FR": ["Lyon", "Dublin"],
    "MX": ["Bogota", "Madrid"],
    "PT": ["London", "Austin"],
    "GB": ["Manchester", "Dublin"],
}
# Remote scopes: (location string, text sentence, countries, UTC window or None)
REMOTE_SCOPES = {
    "EU": ("Remote (EU)", "This role is fully remote within the EU.", EU, None),
    "Europe": ("Remote (Europe)", "Work remotely from anywhere in Europe.", EUROPE, None),
    "US": ("Remote (US)", "This is a US-based remote role.", US, None),
    "Americas": ("Remote", "Remote across the Americas.", AMERICAS, None),
    "LATAM": ("Remote (LATAM)", "Remote from anywhere in Latin America.", LATAM, None),
    "UK": ("Remote (UK)", "Remote within the UK only.", frozenset({"GB"}), None),
    "APAC": ("Remote (APAC)", "Remote within APAC.", frozenset({"SG", "AU", "JP", "IN"}), None),
    "tz_us": (
        "Remote",
        "Work from anywhere, as long as your hours overlap US time zones (UTC-8 to UTC-5).",
        None,
        (-8, -5),
    ),
    "tz_cet": ("Remote", "Fully remote, worldwide, but you must work within UTC+0 to UTC+3.", None, (0, 3)),
    "tz_apac": (
        "Remote",
        "Remote from anywhere between UTC+7 and UTC+10 so you overlap with Sydney.",
        None,
        (7, 10),
    ),
    "tz_americas": ("Remote", "Remote anywhere in a time zone between UTC-6 and UTC-3.", None, (-6, -3)),
}

COMPANIES = [
    ("Helio Labs", "a climate-data platform used by 400 utilities"),
    ("Kestrel Pay", "a payments company for marketplaces"),
    ("Northwind Health", "a digital clinic network"),
    ("Lumen Freight", "a freight marketplace across Europe"),
    ("Orchard Learning", "an online learning platform for nurses"),
    ("Quanta Retail", "an omnichannel retailer"),
    ("Basalt Security", "an identity and access company"),
    ("Tidewater Energy", "a renewable energy trader"),
    ("Marigold Travel", "a travel booking startup"),
    ("Fjord Analytics", "a product analytics SaaS"),
    ("Copperline Logistics", "a fulfilment network for online shops"),
    ("Sable Insurance", "a digital insurer"),
    ("Aurora Foods", "a food delivery company"),
    ("Pinecone Studio", "a design tools company"),
    ("Vela Robotics", "a warehouse robotics maker"),
    ("Cobalt Bank", "a neobank for small businesses"),
]
PITCH = {
    "en": "{company} is {what}. Founded in 2014, we are 350 people in six offices, backed by leading investors, "
    "and our mission is to make everyday work simpler for millions of customers. We grew revenue 80% last year "
    "and we are profitable.",
    "de": "{company} ist {what}. Seit 2014 arbeiten bei uns 350 Menschen an sechs Standorten, und unsere Mission "
    "ist es, den Alltag von Millionen Kundinnen und Kunden einfacher zu machen.",
    "fr": "{company} est {what}. Fondée en 2014, notre entreprise compte 350 collaborateurs dans six bureaux et "
    "notre mission est de simplifier le quotidien de millions de clients.",
    "es": "{company} es {what}. Fundada en 2014, somos 350 personas en seis oficinas y nuestra misión es "
    "simplificar el día a día de millones de clientes.",
}
HEADINGS = {
    "en": {
        "about": "About us",
        "duties": "What you'll do",
        "needs": "What you bring",
        "offer": "What we offer",
        "pay": "Compensation",
        "legal": "Equal opportunity",
    },
    "de": {
        "about": "Über uns",
        "duties": "Deine Aufgaben",
        "needs": "Dein Profil",
        "offer": "Was wir bieten",
        "pay": "Vergütung",
        "legal": "Chancengleichheit",
    },
    "fr": {
        "about": "Qui sommes-nous",
        "duties": "Vos missions",
        "needs": "Votre profil",
        "offer": "Nos avantages",
        "pay": "Rémunération",
        "legal": "Égalité des chances",
    },
    "es": {
        "about": "Sobre nosotros",
        "duties": "Tus responsabilidades",
        "needs": "Tu perfil",
        "offer": "Qué ofrecemos",
        "pay": "Salario",
        "legal": "Igualdad de oportunidades",
    },
}
BENEFITS = {
    "en": [
        "{cur}{n:,} yearly learning budget",
        "A {cur}{m} monthly wellness allowance",
        "Home office stipend of {cur}{k:,}",
        "30 days of paid vacation",
        "Pension plan with employer match",
        "Relocation support up to {cur}{r:,}",
        "Company bonus pool shared by everyone",
        "Private health insurance",
    ],
    "de": [
        "{n:,} {c} Weiterbildungsbudget pro Jahr",
        "{m} {c} monatlicher Zuschuss für Mobilität",
        "30 Tage Urlaub",
        "Betriebliche Altersvorsorge",
        "Home-Office-Ausstattung im Wert von {k:,} {c}",
        "Jobrad",
    ],
    "fr": [
        "Budget formation de {n:,} {c} par an",
        "Tickets restaurant de {m} {c} par mois",
        "Mutuelle prise en charge à 100 %",
        "25 jours de congés et RTT",
        "Prime d'équipement télétravail de {k:,} {c}",
    ],
    "es": [
        "Presupuesto de formación de {n:,} {c} al año",
        "Ayuda de comida de {m} {c} al mes",
        "Seguro médico privado",
        "Jornada intensiva en verano",
        "Ayuda para teletrabajo de {k:,} {c}",
    ],
}
LEGAL = {
    "en": "{company} is an equal opportunity employer. We welcome applicants regardless of race, color, religion, "
    "sex, sexual orientation, gender identity, national origin, age, disability or veteran status, and we provide "
    "reasonable accommodation throughout the process. Read our privacy notice before you apply.",
    "de": "Wir freuen uns über alle Bewerbungen, unabhängig von Geschlecht, Nationalität, ethnischer und sozialer "
    "Herkunft, Religion, Behinderung, Alter sowie sexueller Orientierung und Identität.",
    "fr": "{company} s'engage pour la diversité et l'égalité des chances. Tous nos postes sont ouverts aux personnes "
    "en situation de handicap.",
    "es": "{company} es una empresa comprometida con la igualdad de oportunidades y la diversidad. Valoramos todas "
    "las candidaturas sin distinción de género, origen, religión, discapacidad u orientación sexual.",
}
SYMBOL = {"EUR": "€", "USD": "$", "GBP": "£", "PLN": "", "MXN": "MX$"}
# How a posting may mention an excluded term: earnest mentions exclude, the others do not.
EXCLUSION_LINES = {
    "earnest": [
        "You will work with {x} every day.",
        "Hands-on experience with {x} is required.",
        "Our core product is built around {x}.",
    ],
    "negated": [
        "We do not use {x} anywhere in our stack.",
        "No {x} involved, ever.",
        "This team has nothing to do with {x}.",
    ],
    "history": [
        "We migrated away from {x} in 2022.",
        "The company stopped using {x} two years ago.",
        "We retired our old {x} work last year and will not go back.",
    ],
    "not_required": ["{x} experience is not required.", "Knowledge of {x} is not needed for this role."],
}
EXCLUDED_SENSES = {  # the earnest sentence, shaped for each kind of term
    "gambling": "Our clients are online gambling and sports betting operators.",
    "cryptocurrency": "You will sell our custody platform to cryptocurrency exchanges.",
    "night shifts": "The role includes regular night shifts on a rotating schedule.",
    "cold calling": "Expect 60 cold calling dials a day to new prospects.",
    "payroll": "You also run the monthly payroll for 400 employees.",
}
YEARS = {"intern": None, "junior": 1, "mid": 3, "senior": 6, "staff": 9}
LEVEL_WORD = {
    "junior": "Junior",
    "senior": "Senior",
    "staff": "Staff",
    "principal": "Principal",
    "intern": "Intern",
}


# ----------------------------------------------------------------------------------------------
# Facts → a posting, and facts → grades.


@dataclass
class Facts:
    role: str
    level: str  # intern … principal, manager, director
    lang: str
    city: str | None  # site city (None: remote only)
    workplace: str
    remote: str | None  # a REMOTE_SCOPES key
    pay: tuple[float, str, str] | None  # (amount per interval, currency, interval)
    pay_shape: str  # none, structured, text_range, text_single, benefit_only
    exclusion: tuple[str, str] | None  # (term, how)
    missing_must: bool
    age: int
    title_kind: str  # plain, level, odd
    home: str  # the seeker the posting was drawn for
    nice: bool = True  # names the home seeker's nice-to-have skills (as its role does), or none of them
    shares_must: bool = False  # another role's posting that asks for the home seeker's must-haves
    nice_named: frozenset[str] = frozenset()  # written: the seekers whose nice-to-haves it names


# What a judge reads as naming a skill term: the term's own words, or these stems (lower case) in a
# duty or requirement line. Kept apart from the scorer's vocabulary: the grades must not be the
# scorer's reading of its own text.
TERM_WORDS = {
    "Prototyping": ("prototyp",),
    "Accessibility": ("accessib",),
    "Negotiation": ("negotiat", "negocia"),
    "Financial Modeling": ("financial model", "modèles financiers", "modélisation financière"),
    "Budgeting": ("budget",),
    "People Management": ("people management", "managing", "management d'équipe"),
    "Hiring Engineers": ("hire, coach", "hiring engineers"),
    "Reconciliations": ("reconcil", "abstimmung"),
    "B2B Sales": ("b2b sales", "ventas b2b", "venta b2b", "vente b2b"),
    "Customer Support": ("customer service", "customer support", "atención al cliente"),
}
# Must-haves that name the function itself: a posting of that role asks for them whatever its
# lines say (a support agent's job is customer support), so they cannot be "missing".
ROLE_MUSTS = frozenset({"People Management", "Customer Support", "B2B Sales", "FP&A"})


def names_term(term: str, lines: list[str]) -> bool:
    words = TERM_WORDS.get(term, (term.lower(),))
    return any(re.search(rf"(?<!\w){re.escape(w)}", line.lower()) for w in words for line in lines)


ANNUAL = {"year": 1, "month": 12, "hour": 2080}


def yearly_eur(pay: tuple[float, str, str]) -> float:
    amount, currency, interval = pay
    return amount * ANNUAL[interval] / RATES[currency]


def role_cap(seeker: Seeker, facts: Facts) -> int:
    if facts.role == seeker.home:
        return 3
    return seeker.caps.get(facts.role, 0)


def location_cap(seeker: Seeker, facts: Facts) -> int:
    if facts.remote is not None:
        if seeker.remote_countries is None:
            return 2  # remote, for someone who wants an office
        _, _, countries, window = REMOTE_SCOPES[facts.remote]
        if window is not None:
            low, high = seeker.utc
            return 3 if window[0] <= high and low <= window[1] else 1
        return 3 if countries & seeker.remote_countries else 1
    if facts.city == seeker.city[0]:
        return 3 if facts.workplace in seeker.workplaces else 2
    return 1


def grade(seeker: Seeker, facts: Facts) -> float:
    """The README's rules: the grade is the role's cap, lowered by each drawback."""
    cap = role_cap(seeker, facts)
    if cap == 0:
        return 0
    if facts.exclusion and facts.exclusion[1] == "earnest" and facts.exclusion[0] == seeker.excluded:
        return 0
    gap = min(level_gap(facts.level, w) for w in seeker.levels)
    caps = [cap, 3 if gap == 0 else 2 if gap == 1 else 1, location_cap(seeker, facts)]
    if facts.pay is not None:
        shortfall = 1 - yearly_eur(facts.pay) / (seeker.floor / RATES[seeker.currency])
        caps.append(3 if shortfall <= 0 else 2 if shortfall <= 0.10 else 1)
    if facts.missing_must and facts.role == seeker.home:
        caps.append(2)
    if facts.age >= 50:
        caps.append(2)
    grade = max(min(caps), 1)
    # a nice-to-have named makes an otherwise equal job somewhat better: half a grade
    return grade if not seeker.nice or seeker.name in facts.nice_named else grade - 0.5


def _title(rng: random.Random, role: Role, facts: Facts) -> str:
    if facts.title_kind == "odd" and role.odd:
        return rng.choice(role.odd)
    titles = role.titles.get(facts.lang) or role.titles["en"]
    title = rng.choice(titles)
    if facts.title_kind == "level" and facts.level in LEVEL_WORD and role.track == "ic":
        title = f"{LEVEL_WORD[facts.level]} {title}"
    if facts.level == "director" and role.key in DIRECTOR:
        title = f"Director of {DIRECTOR[role.key]}"
    return title


def _money(amount: float, currency: str, lang: str) -> str:
    value = f"{amount:,.0f}" if amount >= 100 else f"{amount:.2f}"
    if lang in ("de", "fr", "es"):
        value = value.replace(",", ".") if lang == "de" else value.replace(",", "\u00a0")
        return f"{value} {SYMBOL[currency] or currency}".strip()
    return f"{SYMBOL[currency]}{value}" if SYMBOL[currency] else f"{value} {currency}"


def _pay_sentence(rng: random.Random, facts: Facts) -> str:
    amount, currency, interval = facts.pay  # type: ignore[misc]
    per = {"year": "per year", "month": "per month", "hour": "per hour"}[interval]
    low = round(amount * 0.88, -3 if interval == "year" else 0)
    if facts.pay_shape == "text_single":
        return f"The base salary for this role is {_money(amount, currency, 'en')} {per}."
    lang = facts.lang
    if lang == "de":
        return f"Das Gehalt liegt zwischen {_money(low, currency, lang)} und {_money(amount, currency, lang)} brutto {'jährlich' if interval == 'year' else 'monatlich'}."
    if lang == "fr":
        return f"Salaire : {_money(low, currency, lang)} - {_money(amount, currency, lang)} brut {'par an' if interval == 'year' else 'par mois'}."
    if lang == "es":
        return f"Salario: {_money(low, currency, lang)} - {_money(amount, currency, lang)} brutos {'al año' if interval == 'year' else 'al mes'}."
    return f"The salary range for this position is {_money(low, currency, lang)} - {_money(amount, currency, lang)} {per}, plus equity."


def _benefits(rng: random.Random, lang: str, currency: str) -> list[str]:
    cur = SYMBOL.get(currency) or f"{currency} "
    lines = rng.sample(BENEFITS[lang], k=min(5, len(BENEFITS[lang])))
    code = SYMBOL.get(currency) or currency
    return [
        line.format(
            cur=cur,
            c=code,
            n=rng.choice([1000, 1500, 2000]),
            m=rng.choice([50, 100, 150]),
            k=rng.choice([500, 750, 1000]),
            r=rng.choice([3000, 5000]),
        )
        for line in lines
    ]


def _level_line(facts: Facts, role: Role) -> str | None:
    years = YEARS.get(facts.level)
    if facts.level == "intern":
        return "This is an internship for students in their final year."
    if facts.level == "manager":
        return "5+ years of experience, including at least 2 years leading a team with direct reports."
    if facts.level == "director":
        return "12+ years of experience, including leading managers of managers."
    if years is None:
        return None
    return (
        f"{years}+ years of relevant experience."
        if years > 1
        else "0-1 years of experience; a great first role."
    )


def write_posting(rng: random.Random, pid: str, facts: Facts) -> dict:
    role = ROLES[facts.role]
    lang = facts.lang
    company, what = rng.choice(COMPANIES)
    h = HEADINGS[lang]
    title = _title(rng, role, facts)
    currency = facts.pay[1] if facts.pay else SEEKER[facts.home].currency
    duties = list(role.duties.get(lang) or role.duties["en"])
    needs = list(role.needs.get(lang) or role.needs["en"])
    rng.shuffle(duties)
    seeker = SEEKER[facts.home]
    if facts.missing_must and facts.role == seeker.home:
        for word in seeker.must:
            if word not in ROLE_MUSTS:
                duties = [d for d in duties if not names_term(word, [d])]
                needs = [n for n in needs if not names_term(word, [n])]
    if not facts.nice:
        kept = [m for m in seeker.must if names_term(m, duties + needs)]
        duties = [d for d in duties if not any(names_term(t, [d]) for t in seeker.nice)]
        needs = [n for n in needs if not any(names_term(t, [n]) for t in seeker.nice)]
        needs += [m for m in kept if not names_term(m, duties + needs)]  # a must-have stays asked for
    if facts.shares_must:  # a neighbouring role asks for the same skills as the person's own
        needs += [m for m in seeker.must if not names_term(m, duties + needs)]
    if not duties:
        duties = ["Work closely with the rest of the team on day-to-day delivery"]
    facts.nice_named = frozenset(
        s.name for s in SEEKERS if any(names_term(t, duties + needs) for t in s.nice)
    )
    level_line = _level_line(facts, role)
    worded = facts.title_kind == "level" and facts.level in LEVEL_WORD and role.track == "ic"
    if level_line and (not worded or facts.level == "intern"):
        needs.append(level_line)
    if facts.exclusion:
        term, how = facts.exclusion
        line = EXCLUDED_SENSES.get(term, "") if how == "earnest" else ""
        line = line or rng.choice(EXCLUSION_LINES[how]).format(x=term)
        (needs if how in ("earnest", "not_required") and rng.random() < 0.5 else duties).append(line)
    blocks: list[str] = []
    pitch = PITCH[lang].format(company=company, what=what)
    if rng.random() < 0.5:
        blocks += [h["about"], pitch]
    else:
        blocks.append(pitch)
    blocks.append(
        {
            "en": f"We are looking for a {title} to join our {role.team}.",
            "de": f"Zur Verstärkung unseres Teams suchen wir eine:n {title}.",
            "fr": f"Nous recherchons un(e) {title} pour rejoindre notre équipe.",
            "es": f"Buscamos un/a {title} para unirse a nuestro equipo.",
        }[lang]
    )
    blocks += [h["duties"], "\n".join(f"- {d}" for d in duties)]
    blocks += [h["needs"], "\n".join(f"- {n}" for n in needs)]
    if facts.remote:
        blocks.append(REMOTE_SCOPES[facts.remote][1])
    elif facts.workplace == "hybrid":
        blocks.append(
            "Hybrid: three days a week in our office."
            if lang == "en"
            else {
                "de": "Hybrides Arbeiten: drei Tage pro Woche im Büro.",
                "fr": "Télétravail partiel : trois jours par semaine au bureau.",
                "es": "Modelo híbrido: tres días a la semana en la oficina.",
            }[lang]
        )
    if facts.pay_shape in ("text_range", "text_single"):
        blocks += [h["pay"], _pay_sentence(rng, facts)]
    blocks += [h["offer"], "\n".join(f"- {b}" for b in _benefits(rng, lang, currency))]
    blocks += [h["legal"], LEGAL[lang].format(company=company)]
    if facts.remote:
        location = REMOTE_SCOPES[facts.remote][0]
        workplace = "remote"
    else:
        location = CITIES[facts.city][0]  # type: ignore[index]
        workplace = facts.workplace
    entry: dict = {
        "id": pid,
        "title": title,
        "company": company,
        "location": location,
        "workplace": workplace,
    }
    if facts.pay_shape == "structured" and facts.pay:
        amount, cur, interval = facts.pay
        entry["pay"] = [round(amount * 0.85, 2), round(amount, 2), cur, interval]
    elif facts.pay_shape in ("text_range", "text_single", "benefit_only"):
        entry["pay_in_text"] = True
    entry["age"] = facts.age
    entry["text"] = "\n\n".join(blocks) + "\n"
    entry["facts"] = {
        "role": facts.role,
        "level": facts.level,
        "lang": lang,
        "remote": facts.remote,
        "pay": list(facts.pay) if facts.pay else None,
        "pay_shape": facts.pay_shape,
        "exclusion": list(facts.exclusion) if facts.exclusion else None,
        "missing_must": facts.missing_must,
        "title_kind": facts.title_kind,
        "nice_named": sorted(facts.nice_named),
    }
    return entry


# Variations drawn for a seeker's own postings: each changes one fact from a clean fit.
VARIATIONS = [
    "clean",
    "odd_title",
    "odd_title",
    "local_lang",
    "local_lang",
    "level_one",
    "level_far",
    "other_track",
    "site_elsewhere",
    "site_abroad",
    "remote_other",
    "remote_tz_in",
    "remote_tz_out",
    "workplace_unwanted",
    "pay_meets",
    "pay_slightly_under",
    "pay_far_under",
    "pay_text",
    "pay_benefit_only",
    "pay_monthly",
    "pay_hourly",
    "excl_earnest",
    "excl_negated",
    "excl_history",
    "excl_not_required",
    "missing_must",
    "old",
    "neighbour",
    "adjacent",
    "level_words",
]


def _pay(seeker: Seeker, ratio: float, interval: str = "year") -> tuple[float, str, str]:
    yearly = seeker.floor * ratio
    amount = yearly / ANNUAL[interval]
    return (round(amount, -3) if interval == "year" else round(amount, 0), seeker.currency, interval)


COUNTERPART = {  # the same function on the other track
    "data_engineer": "data_eng_manager",
    "engineering_manager": "backend_engineer",
    "product_designer": "design_manager",
    "account_executive": "sales_manager",
    "sales_manager": "account_executive",
    "support_specialist": "support_manager",
    "support_manager": "support_specialist",
    "fpa_analyst": "fpa_manager",
    "accountant": "accounting_manager",
    "operations_manager": "operations_coordinator",
    "frontend_engineer": "engineering_manager",
    "sre": "engineering_manager",
}
DIRECTOR = {
    "engineering_manager": "Engineering",
    "sales_manager": "Sales",
    "support_manager": "Customer Support",
    "operations_manager": "Operations",
    "data_eng_manager": "Data Engineering",
    "design_manager": "Design",
    "fpa_manager": "FP&A",
    "accounting_manager": "Accounting",
}


def draw_facts(rng: random.Random, seeker: Seeker, variation: str) -> Facts:
    role = ROLES[seeker.home]
    level = rng.choice(seeker.levels)
    city = seeker.city[0]
    workplace = rng.choice([w for w in seeker.workplaces if w != "remote"] or ["hybrid"])
    remote = None
    if seeker.remote_countries is not None and rng.random() < 0.35:
        remote = next(
            k for k, v in REMOTE_SCOPES.items() if v[2] and v[2] <= seeker.remote_countries | {"ZZ"}
        )
    if seeker.workplaces == ["remote"]:
        remote = remote or next(
            k for k, v in REMOTE_SCOPES.items() if v[2] and v[2] <= seeker.remote_countries
        )
    pay_shape = rng.choice(["none", "none", "structured", "text_range"])
    pay = _pay(seeker, rng.uniform(1.05, 1.5)) if pay_shape != "none" else None
    facts = Facts(
        seeker.home,
        level,
        "en",
        city,
        workplace,
        remote,
        pay,
        pay_shape,
        None,
        False,
        rng.randint(0, 20),
        rng.choice(["plain", "level"]),
        seeker.name,
    )
    if role.track == "mgmt":
        facts.title_kind = "plain"
    facts.nice = rng.random() < 0.6
    ladder = LADDER if role.track == "ic" else MANAGEMENT
    match variation:
        case "odd_title":
            facts.title_kind = "odd"
        case "local_lang":
            facts.lang = seeker.lang if seeker.lang in role.titles else "en"
        case "level_one":
            facts.level = rng.choice([x for x in ladder if min(level_gap(x, w) for w in seeker.levels) == 1])
            facts.title_kind = "level"
        case "level_far" if role.track == "ic":
            facts.level = rng.choice([x for x in ladder if min(level_gap(x, w) for w in seeker.levels) >= 2])
            facts.title_kind = "level"
        case "level_far":  # a manager seeker: a junior of the team they would lead
            facts.role, facts.level, facts.title_kind = COUNTERPART[seeker.home], "junior", "level"
        case "other_track":
            # the same function on the other track: a senior IC for a manager, a manager for an IC
            other = COUNTERPART[seeker.home]
            facts.role = other
            facts.level = "manager" if ROLES[other].track == "mgmt" else "senior"
            facts.title_kind = "level" if ROLES[other].track == "ic" else "plain"
        case "site_elsewhere" | "site_abroad":
            facts.remote = None
            facts.city = ELSEWHERE[seeker.city[1]][0 if variation == "site_elsewhere" else 1]
            facts.workplace = "onsite"
        case "remote_other":
            scopes = [
                k for k, v in REMOTE_SCOPES.items() if v[2] and not (v[2] & (seeker.remote_countries or US))
            ]
            facts.remote = rng.choice(scopes)
        case "remote_tz_in" | "remote_tz_out":
            low, high = seeker.utc
            fits = [k for k, v in REMOTE_SCOPES.items() if v[3] and v[3][0] <= high and low <= v[3][1]]
            misses = [
                k for k, v in REMOTE_SCOPES.items() if v[3] and not (v[3][0] <= high and low <= v[3][1])
            ]
            facts.remote = rng.choice(fits if variation == "remote_tz_in" else misses)
            if seeker.remote_countries is None and variation == "remote_tz_in":
                facts.remote = None  # an office person: keep a clean on-site fit instead
        case "workplace_unwanted":
            if seeker.remote_countries is None:
                facts.remote = "EU" if seeker.city[1] in EU else "UK"
            else:
                missing = [w for w in ("onsite", "hybrid") if w not in seeker.workplaces]
                facts.remote, facts.workplace = (
                    (None, missing[0]) if missing else (facts.remote, facts.workplace)
                )
        case "pay_meets":
            facts.pay_shape, facts.pay = "structured", _pay(seeker, rng.uniform(1.02, 1.3))
        case "pay_slightly_under":
            facts.pay_shape, facts.pay = (
                rng.choice(["structured", "text_range"]),
                _pay(seeker, rng.uniform(0.93, 0.97)),
            )
        case "pay_far_under":
            facts.pay_shape, facts.pay = (
                rng.choice(["structured", "text_range"]),
                _pay(seeker, rng.uniform(0.55, 0.75)),
            )
        case "pay_text":
            facts.pay_shape, facts.pay = "text_single", _pay(seeker, rng.uniform(1.05, 1.3))
        case "pay_benefit_only":
            facts.pay_shape, facts.pay = "benefit_only", None
        case "pay_monthly":
            facts.pay_shape, facts.pay = "structured", _pay(seeker, rng.choice([1.15, 0.7]), "month")
        case "pay_hourly":
            facts.pay_shape, facts.pay = "text_single", _pay(seeker, rng.choice([1.2, 0.6]), "hour")
        case "excl_earnest" | "excl_negated" | "excl_history" | "excl_not_required":
            facts.exclusion = (seeker.excluded, variation.removeprefix("excl_"))
        case "missing_must":
            # only a skill apart from the role can be missing ("Customer Support" is the role itself)
            facts.missing_must = any(m not in ROLE_MUSTS for m in seeker.must)
        case "old":
            facts.age = rng.randint(52, 80)
        case "neighbour" | "adjacent":
            want = 2 if variation == "neighbour" else 1
            options = [r for r, c in seeker.caps.items() if c == want] or [
                r for r, c in seeker.caps.items() if c
            ]
            facts.role = rng.choice(options)
            facts.level = (
                "manager" if ROLES[facts.role].track == "mgmt" else (level if level in LADDER else "senior")
            )
            facts.title_kind = "plain"
            facts.shares_must = True  # neighbouring work asks for the same skills
        case "level_words":
            facts.title_kind = "plain"  # level only from the years in the text
    if facts.lang != "en" and facts.lang not in ROLES[facts.role].titles:
        facts.lang = "en"
    return facts


def distractor_facts(rng: random.Random, role_key: str) -> Facts:
    role = ROLES[role_key]
    city = rng.choice(list(CITIES))
    remote = rng.choice([None, None, None, "EU", "US", "tz_cet", "Europe"])
    level = "manager" if role.track == "mgmt" else rng.choice(["junior", "mid", "senior"])
    home = next((s.name for s in SEEKERS if s.home == role_key), "jonas")
    return Facts(
        role_key,
        level,
        "en",
        city,
        rng.choice(["onsite", "hybrid"]),
        remote,
        None,
        rng.choice(["none", "benefit_only"]),
        None,
        False,
        rng.randint(0, 30),
        "plain",
        home,
    )


def build() -> tuple[list[dict], list[dict]]:
    rng = random.Random(SEED)
    tune: list[dict] = []
    heldout: list[dict] = []
    entries: list[tuple[dict, Facts]] = []
    for seeker in SEEKERS:
        plan = VARIATIONS * 2  # two of each: one lands in each part
        for i, variation in enumerate(plan):
            facts = draw_facts(rng, seeker, variation)
            pid = f"{seeker.name}-{i:02d}-{variation}"
            entries.append((write_posting(rng, pid, facts), facts))
    homeless = [
        "nurse",
        "chef",
        "warehouse_associate",
        "legal_counsel",
        "marketing_manager",
        "product_manager",
        "account_manager",
        "data_analyst",
        "graphic_designer",
        "it_support",
        "customer_success_manager",
        "controller",
        "sdr",
        "ux_researcher",
        "fullstack_engineer",
        "backend_engineer",
    ]
    for i in range(96):
        role_key = homeless[i % len(homeless)]
        facts = distractor_facts(rng, role_key)
        entries.append((write_posting(rng, f"other-{i:02d}-{role_key}", facts), facts))
    for entry, facts in entries:
        grades = {s.name: grade(s, facts) for s in SEEKERS}
        entry["grades"] = {k: v for k, v in grades.items() if v}
        # the split: the two postings of one variation go to different parts; distractors alternate
        index = int(entry["id"].split("-")[1])
        part = index // len(VARIATIONS) if not entry["id"].startswith("other") else index % 2
        (heldout if part else tune).append(entry)
    return tune, heldout


def profile_yaml(seeker: Seeker) -> dict:
    document: dict = {
        "titles": seeker.titles,
        "seniority": seeker.levels,
        "locations": seeker.locations,
        "workplace": seeker.workplaces,
        "must_have": seeker.must,
        "nice_to_have": seeker.nice,
        "excluded": [seeker.excluded],
        "salary_floor": seeker.floor,
        "salary_currency": seeker.currency,
        "summary": seeker.summary,
    }
    if seeker.remote_regions:
        document["remote_regions"] = seeker.remote_regions
    return document


def main() -> None:
    tune, heldout = build()
    (OUT / "profiles").mkdir(parents=True, exist_ok=True)
    for seeker in SEEKERS:
        text = f"# {seeker.comment} (generated by bench/relevance/generate.py)\n"
        text += yaml.safe_dump(profile_yaml(seeker), sort_keys=False, allow_unicode=True, width=100)
        (OUT / "profiles" / f"{seeker.name}.yaml").write_text(text, encoding="utf-8")
    for name, part in (("tune", tune), ("heldout", heldout)):
        text = f"# {name}: {len(part)} postings, generated by bench/relevance/generate.py; do not edit.\n"
        text += yaml.safe_dump(part, sort_keys=False, allow_unicode=True, width=110)
        (OUT / f"{name}.yaml").write_text(text, encoding="utf-8")
    print(f"tune {len(tune)}, heldout {len(heldout)}")


if __name__ == "__main__":
    main()
