"""Google Drive v3 pages for Atelier Numérique Martin SARL, a small French IT services company (repair call-outs,
maintenance contracts, Excel and Python training): its My Drive, and its two shared drives, "Clients" and
"Formation".

Writes, under SampleData/gdrive/:
- files/files-p1.json … : one `files.list` listing taken on Monday 2025-03-03 07:00 UTC, 100 files a page, chained by
  `nextPageToken`, with the field set of the fields mask the live source asks for (notes, B.3);
- changes/changes-2025-03-17.json, changes/changes-2025-04-07.json: the change feed read on two Mondays, each
  read one `changes.list` page ending with `newStartPageToken`; each read reports every changed file once, in its
  state at the time of the read (notes, B.5): adds, edits, two trashings, a deletion (`removed: true`), new client
  folders and a change to a shared drive itself;
- expected/*.tsv and README.md: what the tables and the dashboard views must show, computed here while writing,
  independently of Tributary.

Int64 fields (`size`, `version`, `quotaBytesUsed`) are JSON strings, as Drive sends them; times are RFC 3339 UTC with
milliseconds. Everything is deterministic: ids, sizes and checksums are hashes of the files' paths.
"""
import datetime as dt
import hashlib
import json
import os
from decimal import Decimal

UTC = dt.timezone.utc
LISTED_AT = dt.datetime(2025, 3, 3, 7, 0, tzinfo=UTC)
READS = [dt.datetime(2025, 3, 17, 6, 0, tzinfo=UTC), dt.datetime(2025, 4, 7, 6, 0, tzinfo=UTC)]
PAGE_SIZE = 100
FOLDER = "application/vnd.google-apps.folder"
DOC = "application/vnd.google-apps.document"
SHEET = "application/vnd.google-apps.spreadsheet"
SLIDES = "application/vnd.google-apps.presentation"
FORM = "application/vnd.google-apps.form"
PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
JPEG = "image/jpeg"
IPYNB = "application/x-ipynb+json"
PY = "text/x-python"
CSV = "text/csv"
NATIVE = {DOC, SHEET, SLIDES, FORM}
DOMAIN = "atelier-numerique-martin.fr"
PEOPLE = {
    "julien": ("Julien Martin", f"julien.martin@{DOMAIN}"),
    "camille": ("Camille Martin", f"camille.martin@{DOMAIN}"),
    "thomas": ("Thomas Leroy", f"thomas.leroy@{DOMAIN}"),
    "ines": ("Inès Benali", f"ines.benali@{DOMAIN}"),
}
MY_ROOT = "0AJmRootMartinNumUk9PVA"
CLIENTS = "0AClientsMartinNumUk9PVA"
FORMATION = "0AFormationMartinNuUk9PVA"
DRIVE_NAMES = {CLIENTS: "Clients", FORMATION: "Formation"}
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def digest(*parts):
    return hashlib.sha256("|".join(str(p) for p in parts).encode()).digest()


def file_id(path):
    n = int.from_bytes(digest("id", path), "big")
    out = "1"
    while len(out) < 33:
        n, r = divmod(n, 62)
        out += ALPHABET[r]
    return out


def number(path, lo, hi, salt=""):
    return lo + int.from_bytes(digest("n", salt, path)[:8], "big") % (hi - lo + 1)


def rfc3339(t):
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"


def at(day, hour, minute, path, salt=""):
    """A time on `day` (a date) at hour:minute, with seconds and milliseconds from the path."""
    s = number(path, 0, 59_999, "s" + salt)
    return dt.datetime(day.year, day.month, day.day, hour, minute, s // 1000, (s % 1000) * 1000, tzinfo=UTC)


def monday(t):
    d = t.date()
    return d - dt.timedelta(days=d.weekday())


class Item:
    """A file or folder, with its state as Drive would report it."""

    def __init__(self, path, name, mime, parent, drive, owner, editor, created, modified, size=None, version=1):
        self.path = path
        self.id = file_id(path)
        self.name = name
        self.mime = mime
        self.parent = parent
        self.drive = drive
        self.owner = owner
        self.editor = editor
        self.created = created
        self.modified = modified
        self.size = size
        self.version = version
        self.trashed = False
        self.trashed_time = None

    def resource(self):
        r = {"id": self.id, "name": self.name, "mimeType": self.mime, "parents": [self.parent],
             "createdTime": rfc3339(self.created), "modifiedTime": rfc3339(self.modified)}
        if self.mime != FOLDER and self.mime != FORM:
            r["size"] = str(self.size)
        if self.mime not in NATIVE and self.mime != FOLDER:
            r["md5Checksum"] = hashlib.md5(f"{self.path}|{self.size}|{self.version}".encode()).hexdigest()
        if self.drive is None:
            name, email = PEOPLE[self.owner]
            r["owners"] = [{"displayName": name, "emailAddress": email,
                            "permissionId": str(number(self.owner, 10**19, 10**20 - 1, "perm"))}]
        name, email = PEOPLE[self.editor]
        r["lastModifyingUser"] = {"displayName": name, "emailAddress": email}
        r["trashed"] = self.trashed
        if self.trashed_time is not None:
            r["trashedTime"] = rfc3339(self.trashed_time)
        if self.drive is not None:
            r["driveId"] = self.drive
        r["webViewLink"] = link(self.id, self.mime)
        r["quotaBytesUsed"] = "0" if self.mime in NATIVE or self.mime == FOLDER else str(self.size)
        r["version"] = str(self.version)
        return r

    @property
    def person(self):
        """Who the weekly view names: the owner, or in a shared drive (no owners) the last modifier."""
        return PEOPLE[self.owner if self.drive is None else self.editor][1]

    def listed_state_time(self):
        """`x_state_time` of a saved listing's row: the latest time the resource carries."""
        times = [self.created, self.modified] + ([self.trashed_time] if self.trashed_time else [])
        return int(max(times).timestamp())

    def snapshot(self, time):
        """The file as a change at `time` reports it, and the rows it makes: taken now, before later edits."""
        return {"resource": self.resource(), "row": row_of(self, int(time.timestamp())),
                "change": change_row(time, self)}


def link(fid, mime):
    kind = {FOLDER: "drive/folders/", DOC: "document/d/", SHEET: "spreadsheets/d/", SLIDES: "presentation/d/",
            FORM: "forms/d/"}.get(mime)
    if mime == FOLDER:
        return f"https://drive.google.com/drive/folders/{fid}"
    if kind:
        return f"https://docs.google.com/{kind}{fid}/edit?usp=drivesdk"
    return f"https://drive.google.com/file/d/{fid}/view?usp=drivesdk"


def size_for(mime, path):
    return {PDF: (38_000, 920_000), XLSX: (14_000, 340_000), PPTX: (400_000, 6_500_000), DOCX: (18_000, 160_000),
            JPEG: (900_000, 4_800_000), IPYNB: (6_000, 240_000), PY: (800, 14_000), CSV: (2_000, 90_000),
            DOC: (1_024, 40_960), SHEET: (2_048, 61_440), SLIDES: (4_096, 81_920)}.get(mime, (0, 0))


class Drive:
    """The tree being built: folders by path, every item in listing order."""

    def __init__(self):
        self.items = []
        self.by_path = {}

    def add(self, path, mime, owner, editor, created, modified=None, drive=None, version=None, size=None):
        parent_path, _, name = path.rpartition("/")
        parent = self.by_path[parent_path].id if parent_path in self.by_path else root_of(parent_path)
        if mime in (FOLDER, FORM):
            size = None
        elif size is None:
            lo, hi = size_for(mime, path)
            size = number(path, lo, hi, "size")
        if version is None:
            version = number(path, 2, 9, "v") if mime not in NATIVE else number(path, 12, 260, "v")
        item = Item(path, name, mime, parent, drive, owner, editor, created, modified or created, size, version)
        self.items.append(item)
        self.by_path[path] = item
        return item

    def folder(self, path, owner, editor, created, drive=None):
        return self.add(path, FOLDER, owner, editor, created, drive=drive, version=number(path, 3, 40, "fv"))


def root_of(top):
    return {"Clients": CLIENTS, "Formation": FORMATION}.get(top.split("/")[0], MY_ROOT)


def drive_of(path):
    top = path.split("/")[0]
    return {"Clients": CLIENTS, "Formation": FORMATION}.get(top)


def day(y, m, d):
    return dt.date(y, m, d)


def spread(path, start, end):
    """A day between `start` and `end` (dates), from the path."""
    return start + dt.timedelta(days=number(path, 0, (end - start).days, "day"))


CLIENT_NAMES = [
    "Boulangerie Dupont", "Cabinet Moreau Avocats", "Garage Lefebvre", "Mairie de Saint-Rémy", "Pharmacie du Centre",
    "EHPAD Les Tilleuls", "Librairie Le Passage", "SCI Bernard", "Restaurant Le Relais", "Agence Immo Girard",
    "Cabinet dentaire Roux", "Fromagerie Chevalier", "Auto-école Mercier", "Hôtel du Lac", "Transports Garnier",
    "Ferme des Quatre Vents", "Opticien Lambert", "Association Sportive Vernon",
]
MAINTENANCE = {"Cabinet Moreau Avocats", "Mairie de Saint-Rémy", "Pharmacie du Centre", "EHPAD Les Tilleuls",
               "Agence Immo Girard", "Cabinet dentaire Roux", "Hôtel du Lac", "Transports Garnier"}


def build_listing():
    d = Drive()
    first, snapshot_eve = day(2023, 9, 4), day(2025, 3, 2)

    def when(path, start=first, end=snapshot_eve, hours=(8, 18)):
        return at(spread(path, start, end), number(path, *hours, "h"), number(path, 0, 59, "m"), path)

    def edited(path, created, end=snapshot_eve):
        if created.date() >= end:
            return created
        later = spread(path + "#edit", created.date(), end)
        t = at(later, number(path, 9, 19, "eh"), number(path, 0, 59, "em"), path, "edit")
        return t if t > created else created

    # My Drive: Julien's, with Camille's accounting files in his folders.
    for folder in ["Administratif", "Comptabilité", "Comptabilité/Relevés bancaires", "Comptabilité/Notes de frais",
                   "Commercial", "Photos chantiers"]:
        d.folder(folder, "julien", "julien", when(folder, first, day(2023, 9, 30)))
    for name, created in [("Kbis 2024.pdf", day(2024, 1, 15)), ("Statuts SARL Atelier Numérique Martin.pdf",
                                                                 day(2023, 9, 6)),
                          ("Attestation URSSAF T4 2024.pdf", day(2025, 1, 20)),
                          ("Assurance RC Pro 2025.pdf", day(2025, 1, 8)), ("RIB Atelier Numérique Martin.pdf",
                                                                          day(2023, 9, 12))]:
        p = f"Administratif/{name}"
        d.add(p, PDF, "julien", "julien", at(created, 10, 5, p))
    for month in range(1, 13):
        p = f"Comptabilité/Relevés bancaires/Relevé {month:02d}-2024.pdf"
        c = at(day(2024, month, 28) if month < 12 else day(2025, 1, 3), 9, 30, p)
        d.add(p, PDF, "camille", "camille", c)
    for month in range(1, 13):
        p = f"Comptabilité/Notes de frais/Notes de frais {month:02d}-2024.xlsx"
        c = at(day(2024, month, 25), 17, 10, p)
        d.add(p, XLSX, "camille", "camille", c, edited(p, c, min(day(2024, month, 28), snapshot_eve)))
    for name, mime, owner, editor, created in [
        ("Suivi trésorerie 2025", SHEET, "julien", "camille", day(2024, 12, 30)),
        ("Tableau de bord 2024", SHEET, "julien", "camille", day(2024, 1, 2)),
        ("Prévisionnel 2025", SHEET, "julien", "julien", day(2024, 11, 18)),
        ("Déclarations TVA 2024", SHEET, "camille", "camille", day(2024, 1, 10)),
    ]:
        p = f"Comptabilité/{name}"
        c = at(created, 8, 40, p)
        d.add(p, mime, owner, editor, c, edited(p, c))
    for name, mime, created in [
        ("Plaquette commerciale 2025", SLIDES, day(2024, 12, 2)), ("Grille tarifaire 2025", SHEET, day(2024, 12, 5)),
        ("Modèle devis", DOC, day(2023, 9, 20)), ("Modèle facture", DOC, day(2023, 9, 20)),
        ("Conditions générales de vente.pdf", PDF, day(2024, 2, 1)),
        ("Plaquette commerciale 2024 (ancienne).pdf", PDF, day(2023, 12, 11)),
        ("Contrat de maintenance - modèle.docx", DOCX, day(2024, 3, 4)),
    ]:
        p = f"Commercial/{name}"
        c = at(created, 14, 0, p)
        d.add(p, mime, "julien", "julien", c, edited(p, c) if mime in NATIVE else c)
    for i in range(1, 9):
        p = f"Photos chantiers/chantier_{i:02d}.jpg"
        d.add(p, JPEG, "julien", "thomas", when(p, day(2024, 4, 1)))
    old_scan = d.add("Photos chantiers/scan_ticket_dépannage_ancien.jpg", JPEG, "julien", "julien",
                     at(day(2024, 2, 10), 11, 2, "scan"))
    old_scan.trashed = True  # trashed in My Drive before the listing: no trashedTime there (notes, B.2)

    # Shared drive "Clients": a folder per client with its quotes, invoices and call-out reports.
    invoice_no, quote_no = 1, 1
    for k, client in enumerate(CLIENT_NAMES):
        base = f"Clients/{client}"
        since = spread(base, first, day(2024, 9, 30))
        d.folder(base, "julien", "julien", at(since, 9, 0, base), drive=CLIENTS)
        for sub in ["Devis", "Factures", "Interventions"]:
            d.folder(f"{base}/{sub}", "julien", "julien", at(since, 9, 1, base + sub), drive=CLIENTS)
        for q in range(number(base, 1, 3, "quotes")):
            p = f"{base}/Devis/Devis D-2024-{quote_no:03d}.pdf"
            quote_no += 1
            d.add(p, PDF, "julien", "julien", when(p, since), drive=CLIENTS)
        for q in range(number(base, 1, 6, "invoices")):
            p = f"{base}/Factures/Facture F-2024-{invoice_no:04d}.pdf"
            invoice_no += 1
            d.add(p, PDF, "camille", "camille", when(p, since), drive=CLIENTS)
        for q in range(number(base, 0, 3, "reports")):
            p = f"{base}/Interventions/Rapport d'intervention {q + 1}"
            c = when(p, since)
            d.add(p, DOC, "thomas", "thomas", c, edited(p, c), drive=CLIENTS)
        if client in MAINTENANCE:
            p = f"{base}/Contrat de maintenance 2025.pdf"
            d.add(p, PDF, "julien", "julien", when(p, day(2024, 12, 1)), drive=CLIENTS)
    cancelled = d.add(f"Clients/{CLIENT_NAMES[2]}/Devis/Devis D-2023-041 (annulé).pdf", PDF, "julien", "julien",
                      at(day(2023, 11, 14), 15, 20, "cancelled"), drive=CLIENTS)
    cancelled.trashed = True
    cancelled.trashed_time = at(day(2024, 6, 3), 9, 12, "cancelled-trash")
    cancelled.version += 1

    # Shared drive "Formation": Excel and Python course material, sessions and their sign-in sheets.
    for folder in ["Formation/Excel", "Formation/Excel/Niveau 1 - Bases",
                   "Formation/Excel/Niveau 2 - Tableaux croisés", "Formation/Excel/Exercices corrigés",
                   "Formation/Python", "Formation/Python/Initiation", "Formation/Python/Analyse de données (pandas)",
                   "Formation/Python/Notebooks",
                   "Formation/Sessions 2024", "Formation/Sessions 2025", "Formation/Commercial"]:
        d.folder(folder, "ines", "ines", at(day(2023, 10, 2), 9, 30, folder), drive=FORMATION)
    course = [("Excel/Niveau 1 - Bases", f"Excel N1 - Séance {i} - support.pdf", PDF) for i in range(1, 7)]
    course += [("Excel/Niveau 1 - Bases", f"Excel N1 - Séance {i} - exercices.xlsx", XLSX) for i in range(1, 7)]
    course += [("Excel/Niveau 2 - Tableaux croisés", f"Excel N2 - Séance {i} - support", SLIDES) for i in range(1, 5)]
    course += [("Excel/Niveau 2 - Tableaux croisés", f"Excel N2 - Séance {i} - données.xlsx", XLSX)
               for i in range(1, 5)]
    course += [("Excel/Niveau 2 - Tableaux croisés", "Excel N2 - ancien support 2023.pptx", PPTX)]
    course += [("Excel/Exercices corrigés", f"Corrigé exercice {i:02d}.xlsx", XLSX) for i in range(1, 13)]
    course += [("Python/Initiation", f"Python initiation - Séance {i}", SLIDES) for i in range(1, 6)]
    course += [("Python/Initiation", f"exercice_{i:02d}.py", PY) for i in range(1, 11)]
    course += [("Python/Analyse de données (pandas)", f"Pandas - Séance {i}.ipynb", IPYNB) for i in range(1, 5)]
    course += [("Python/Analyse de données (pandas)", f"ventes_{y}.csv", CSV) for y in (2022, 2023, 2024)]
    course += [("Python/Notebooks", f"demo_{t}.ipynb", IPYNB) for t in ("graphiques", "nettoyage", "api", "excel")]
    course += [("Commercial", "Catalogue formations 2025.pdf", PDF), ("Commercial", "Programme Excel N1", DOC),
               ("Commercial", "Programme Excel N2", DOC), ("Commercial", "Programme Python initiation", DOC),
               ("Commercial", "Programme Python pandas", DOC)]
    for folder, name, mime in course:
        p = f"Formation/{folder}/{name}"
        c = when(p, day(2023, 10, 2))
        d.add(p, mime, "ines", "ines", c, edited(p, c) if mime in NATIVE else c, drive=FORMATION)
    sessions = [("2024", f"Excel N1 - {m} 2024", m) for m in ("janvier", "mars", "mai", "juin", "octobre")]
    sessions += [("2024", f"Python initiation - {m} 2024", m) for m in ("février", "septembre", "novembre")]
    sessions += [("2025", "Excel N2 - janvier 2025", "janvier"), ("2025", "Python pandas - février 2025", "février")]
    months = {"janvier": 1, "février": 2, "mars": 3, "mai": 5, "juin": 6, "septembre": 9, "octobre": 10,
              "novembre": 11}
    for year, session, month in sessions:
        base = f"Formation/Sessions {year}/{session}"
        start = day(int(year), months[month], 6)
        d.folder(base, "ines", "ines", at(start - dt.timedelta(days=10), 10, 0, base), drive=FORMATION)
        p = f"{base}/Émargement {session}"
        c = at(start - dt.timedelta(days=3), 16, 0, p)
        d.add(p, SHEET, "ines", "ines", c, at(start + dt.timedelta(days=2), 17, 30, p, "sign"), drive=FORMATION)
        p = f"{base}/Évaluation à chaud {session}"
        d.add(p, FORM, "ines", "ines", at(start - dt.timedelta(days=2), 11, 0, p), drive=FORMATION)
        p = f"{base}/Attestations {session}.pdf"
        d.add(p, PDF, "ines", "camille", at(start + dt.timedelta(days=4), 15, 0, p), drive=FORMATION)
    return d, invoice_no, quote_no


def change(snapshot, time):
    return {"kind": "drive#change", "changeType": "file", "time": rfc3339(time), "removed": False,
            "fileId": snapshot["resource"]["id"], "file": snapshot["resource"]}


def build_changes(d, invoice_no, quote_no):
    """Two reads of the feed; per read, each changed file once, in its state at the read (notes, B.5)."""
    reads = [[], []]

    def record(read, item, time):
        reads[read].append(("file", item.snapshot(time), time))

    def add(read, path, mime, owner, editor, when, size=None):
        item = d.add(path, mime, owner, editor, when, drive=drive_of(path), version=1 if mime not in NATIVE else 4,
                     size=size)
        record(read, item, when)
        return item

    def edit(read, path, when, editor=None, grow=0):
        item = d.by_path[path]
        item.modified = when
        item.version += number(path, 1, 9, f"bump{read}")
        if editor:
            item.editor = editor
        if item.size is not None:
            item.size += grow
        record(read, item, when)
        return item

    # Read 1 (2025-03-17): weeks of 3 and 10 March.
    for i, (client, dday) in enumerate([(0, 3), (4, 4), (7, 5), (11, 6), (13, 7)]):
        p = f"Clients/{CLIENT_NAMES[client]}/Factures/Facture F-2025-{invoice_no:04d}.pdf"
        invoice_no += 1
        add(0, p, PDF, "camille", "camille", at(day(2025, 3, dday), 10 + i, 15, p))
    p = f"Clients/{CLIENT_NAMES[5]}/Devis/Devis D-2025-{quote_no:03d}.pdf"
    quote_no += 1
    add(0, p, PDF, "julien", "julien", at(day(2025, 3, 4), 16, 40, p))
    p = f"Clients/{CLIENT_NAMES[2]}/Devis/Devis D-2025-{quote_no:03d} (doublon).pdf"
    doublon = add(0, p, PDF, "thomas", "thomas", at(day(2025, 3, 5), 18, 5, p))
    quote_no += 1
    p = f"Clients/{CLIENT_NAMES[9]}/Interventions/Rapport d'intervention 2025-03-06"
    add(0, p, DOC, "thomas", "thomas", at(day(2025, 3, 6), 17, 55, p))
    p = "Formation/Python/Notebooks/demo_dataviz.ipynb"
    add(0, p, IPYNB, "ines", "ines", at(day(2025, 3, 7), 9, 20, p))
    base = "Formation/Sessions 2025/Excel N1 - mars 2025"
    folder = d.folder(base, "ines", "ines", at(day(2025, 3, 10), 9, 0, base), drive=FORMATION)
    record(0, folder, folder.created)
    add(0, f"{base}/Émargement Excel N1 - mars 2025", SHEET, "ines", "ines", at(day(2025, 3, 10), 9, 5, base + "e"))
    add(0, f"{base}/Évaluation à chaud Excel N1 - mars 2025", FORM, "ines", "ines",
        at(day(2025, 3, 10), 9, 8, base + "f"))
    base = "Clients/Menuiserie Perrin"
    for sub, minute in [("", 0), ("/Devis", 1), ("/Factures", 2), ("/Interventions", 3)]:
        f = d.folder(base + sub, "julien", "julien", at(day(2025, 3, 11), 14, minute, base + sub), drive=CLIENTS)
        record(0, f, f.created)
    p = f"{base}/Devis/Devis D-2025-{quote_no:03d}.pdf"
    quote_no += 1
    add(0, p, PDF, "julien", "julien", at(day(2025, 3, 11), 15, 30, p))
    edit(0, "Comptabilité/Suivi trésorerie 2025", at(day(2025, 3, 5), 18, 12, "treso1"), "camille", 1024)
    edit(0, "Commercial/Grille tarifaire 2025", at(day(2025, 3, 12), 11, 40, "tarifs"), "julien", 2048)
    edit(0, "Formation/Commercial/Programme Excel N1", at(day(2025, 3, 12), 15, 5, "progN1"), "ines")
    edit(0, "Formation/Excel/Niveau 1 - Bases/Excel N1 - Séance 2 - exercices.xlsx",
         at(day(2025, 3, 13), 8, 50, "n1s2"), "ines", 3300)
    edit(0, f"Clients/{CLIENT_NAMES[1]}/Interventions/Rapport d'intervention 1", at(day(2025, 3, 14), 12, 0, "r1"),
         "thomas")
    trashed = d.by_path["Commercial/Plaquette commerciale 2024 (ancienne).pdf"]
    trashed.trashed = True
    trashed.version += 1
    record(0, trashed, at(day(2025, 3, 13), 10, 30, "trash1"))
    drive_change = at(day(2025, 3, 14), 16, 45, "drivechange")
    reads[0].append(("drive", FORMATION, drive_change))

    # Read 2 (2025-04-07): weeks of 17, 24 and 31 March.
    for i, (client, dday) in enumerate([(3, 18), (6, 20), (8, 25), (10, 27), (14, 28), (16, 31), (17, 31)]):
        p = f"Clients/{CLIENT_NAMES[client]}/Factures/Facture F-2025-{invoice_no:04d}.pdf"
        invoice_no += 1
        month_end = day(2025, 3, dday)
        add(1, p, PDF, "camille", "camille", at(month_end, 9 + i, 5, p))
    p = f"Clients/Menuiserie Perrin/Factures/Facture F-2025-{invoice_no:04d}.pdf"
    invoice_no += 1
    add(1, p, PDF, "camille", "camille", at(day(2025, 4, 2), 11, 0, p))
    for client, dday in [(12, 19), (15, 26)]:
        p = f"Clients/{CLIENT_NAMES[client]}/Devis/Devis D-2025-{quote_no:03d}.pdf"
        quote_no += 1
        add(1, p, PDF, "julien", "julien", at(day(2025, 3, dday), 15, 10, p))
    for client, dday in [(3, 18), (15, 24), (0, 2)]:
        when = at(day(2025, 3 if dday > 3 else 4, dday), 18, 20, f"rep{client}")
        p = f"Clients/{CLIENT_NAMES[client]}/Interventions/Rapport d'intervention {when.date().isoformat()}"
        add(1, p, DOC, "thomas", "thomas", when)
    add(1, "Formation/Python/Analyse de données (pandas)/Pandas - Séance 5.ipynb", IPYNB, "ines", "ines",
        at(day(2025, 3, 21), 10, 0, "pandas5"))
    add(1, "Formation/Python/Analyse de données (pandas)/ventes_2025_t1.csv", CSV, "ines", "ines",
        at(day(2025, 4, 1), 8, 30, "ventes2025"))
    base = "Formation/Sessions 2025/Python initiation - avril 2025"
    folder = d.folder(base, "ines", "ines", at(day(2025, 3, 31), 10, 0, base), drive=FORMATION)
    record(1, folder, folder.created)
    add(1, f"{base}/Émargement Python initiation - avril 2025", SHEET, "ines", "ines",
        at(day(2025, 3, 31), 10, 4, base + "e"))
    add(1, f"Formation/Sessions 2025/Excel N1 - mars 2025/Attestations Excel N1 - mars 2025.pdf", PDF, "ines",
        "camille", at(day(2025, 3, 21), 16, 0, "attest-n1"))
    edit(1, "Comptabilité/Suivi trésorerie 2025", at(day(2025, 3, 31), 19, 2, "treso2"), "camille", 2048)
    edit(1, "Comptabilité/Tableau de bord 2024", at(day(2025, 3, 24), 9, 45, "tdb"), "julien")
    edit(1, "Comptabilité/Prévisionnel 2025", at(day(2025, 4, 3), 17, 30, "prev"), "julien", 4096)
    edit(1, "Formation/Excel/Niveau 2 - Tableaux croisés/Excel N2 - Séance 3 - support", at(day(2025, 3, 19), 14, 0,
                                                                                          "n2s3"), "ines")
    edit(1, "Formation/Python/Initiation/Python initiation - Séance 2", at(day(2025, 3, 27), 11, 15, "py2"), "ines")
    edit(1, "Formation/Sessions 2025/Excel N1 - mars 2025/Émargement Excel N1 - mars 2025",
         at(day(2025, 3, 20), 17, 45, "sign-n1"), "ines")
    edit(1, f"Clients/{CLIENT_NAMES[4]}/Contrat de maintenance 2025.pdf", at(day(2025, 3, 25), 10, 10, "contrat"),
         "julien", 5120)
    old = d.by_path["Formation/Excel/Niveau 2 - Tableaux croisés/Excel N2 - ancien support 2023.pptx"]
    old.trashed = True
    old.trashed_time = at(day(2025, 3, 26), 15, 40, "trash2")
    old.version += 1
    record(1, old, old.trashed_time)
    removal = at(day(2025, 3, 28), 8, 5, "removed")
    reads[1].append(("removed", doublon, removal))
    return reads


def write_page(path, page):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(json.dumps(page, ensure_ascii=False, indent=2) + "\n")


def generate(root):
    out = os.path.join(root, "gdrive")
    d, invoice_no, quote_no = build_listing()
    listed = list(d.items)
    listing = [item.resource() for item in listed]
    state = {item.id: row_of(item, item.listed_state_time()) for item in listed}
    pages = [listing[i:i + PAGE_SIZE] for i in range(0, len(listing), PAGE_SIZE)]
    for n, files in enumerate(pages, start=1):
        page = {"kind": "drive#fileList"}
        if n < len(pages):
            page["nextPageToken"] = f"~!!~AI9FV7Q{hashlib.sha1(f'p{n + 1}'.encode()).hexdigest()[:24]}"
        page["incompleteSearch"] = False
        page["files"] = files
        write_page(os.path.join(out, "files", f"files-p{n}.json"), page)

    reads = build_changes(d, invoice_no, quote_no)
    changes_rows = []  # the drive_changes rows, as the source must make them
    token = 48213
    for read, entries in zip(READS, reads):
        body = []
        for kind, thing, time in sorted(entries, key=lambda e: e[2]):
            if kind == "file":
                c = change(thing, time)
                state[thing["row"]["id"]] = thing["row"]
                changes_rows.append(thing["change"])
            elif kind == "removed":
                c = {"kind": "drive#change", "changeType": "file", "time": rfc3339(time), "removed": True,
                     "fileId": thing.id}
                state[thing.id] = {"id": thing.id, "removed": True, "state_time": int(time.timestamp()),
                                   "size": None, "drive": None, "mime": None, "trashed": False}
                changes_rows.append({"time": time, "file_id": thing.id, "removed": True, "trashed": None,
                                     "created": None, "size": None, "folder": "", "person": "", "mime": None})
            else:
                c = {"kind": "drive#change", "changeType": "drive", "time": rfc3339(time), "removed": False,
                     "driveId": thing, "drive": {"kind": "drive#drive", "id": thing, "name": DRIVE_NAMES[thing]}}
                changes_rows.append({"time": time, "file_id": None, "drive": True, "size": None})
            body.append(c)
        token += len(body) * 3 + 7
        write_page(os.path.join(out, "changes", f"changes-{read.date().isoformat()}.json"),
                   {"kind": "drive#changeList", "newStartPageToken": str(token), "changes": body})
    names = {item.id: (item.name, item.parent) for item in d.items if item.mime == FOLDER}
    # The views' folder label: the parent folder's name, after its own parent's when that is a folder too.
    folders = {fid: (f"{names[parent][0]}/{name}" if parent in names else name) for fid, (name, parent) in
               names.items()}
    return expected(out, d, listed, state, changes_rows, folders, len(pages))


def row_of(item, state_time):
    return {"id": item.id, "name": item.name, "removed": False, "state_time": state_time, "size": item.size,
            "drive": item.drive, "mime": item.mime, "trashed": item.trashed, "folder": item.parent,
            "person": item.person, "modified": item.modified}


def change_row(time, item):
    return {"time": time, "file_id": item.id, "removed": False, "trashed": item.trashed, "created": item.created,
            "size": item.size, "folder": item.parent, "person": item.person, "mime": item.mime}


def action_of(row):
    """The weekly view's rule: removed, trashed, added (created in the week of the change), else changed."""
    if row["removed"]:
        return "removed"
    if row["trashed"]:
        return "trashed"
    if row["created"] is not None and monday(row["created"]) == monday(row["time"]):
        return "added"
    return "changed"


def expected(out, d, listed, state, changes_rows, folders, page_count):
    os.makedirs(os.path.join(out, "expected"), exist_ok=True)
    totals = []
    # drive_files: one row per id, by month of x_state_time; amount = bytes (size_bytes, 0 where Drive gives none).
    by_month = {}
    for row in state.values():
        m = dt.datetime.fromtimestamp(row["state_time"], UTC).strftime("%Y%m")
        n, b = by_month.get(m, (0, 0))
        by_month[m] = (n + 1, b + (row["size"] or 0))
    for m, (n, b) in sorted(by_month.items()):
        totals.append(("drive_files", "gdrive", m, "", n, Decimal(b)))
    # drive_changes: one row per change, by month of change_time; amount = bytes of the files as changed.
    by_month = {}
    for row in changes_rows:
        m = row["time"].strftime("%Y%m")
        n, b = by_month.get(m, (0, 0))
        by_month[m] = (n + 1, b + (row["size"] or 0))
    for m, (n, b) in sorted(by_month.items()):
        totals.append(("drive_changes", "gdrive", m, "", n, Decimal(b)))

    # drive_activity_weekly: file changes that are not folders; a removal takes the folder and person of the
    # file's latest earlier change, if the feed saw one.
    known = {}
    weekly = {}
    for row in sorted((r for r in changes_rows if not r.get("drive")), key=lambda r: r["time"]):
        if row["removed"]:
            folder, person, mime = known.get(row["file_id"], ("", "", None))
        else:
            folder, person, mime = row["folder"], row["person"], row["mime"]
            known[row["file_id"]] = (folder, person, mime)
        if mime == FOLDER:
            continue
        key = (monday(row["time"]).isoformat(), action_of(row), folder, folders.get(folder, folder), person)
        docs, count = weekly.get(key, (set(), 0))
        docs.add(row["file_id"])
        weekly[key] = (docs, count + 1)
    weekly_rows = [k + (len(v[0]), v[1]) for k, v in sorted(weekly.items())]
    write_tsv(out, "activity_weekly.tsv", weekly_rows)

    current = [r for r in state.values() if not r["removed"] and not r["trashed"]]
    largest = sorted((r for r in current if r["size"] is not None and r["mime"] != FOLDER),
                     key=lambda r: (-r["size"], r["id"]))[:20]
    largest_rows = [(r["id"], r["name"], r["size"], folders.get(r["folder"], r["folder"]), r["person"]) for r in
                    largest]
    write_tsv(out, "largest_files.tsv", largest_rows)

    drives = {}
    for r in state.values():
        if r["removed"]:
            continue
        name = r["drive"] or "My Drive"
        files, folder_count, size, trashed = drives.get(name, (0, 0, 0, 0))
        if r["trashed"]:
            trashed += 1
        elif r["mime"] == FOLDER:
            folder_count += 1
        else:
            files += 1
            size += r["size"] or 0
        drives[name] = (files, folder_count, size, trashed)
    drive_rows = [(name,) + v for name, v in sorted(drives.items())]
    write_tsv(out, "storage_by_drive.tsv", drive_rows)
    write_readme(out, listed, state, changes_rows, weekly_rows, largest_rows, drive_rows, totals, page_count)
    return totals


def write_tsv(out, name, rows):
    with open(os.path.join(out, "expected", name), "w", encoding="utf-8") as f:
        for row in rows:
            f.write("\t".join(str(x) for x in row) + "\n")


def write_readme(out, listed, state, changes_rows, weekly, largest, drives, totals, page_count):
    files_changes = [r for r in changes_rows if not r.get("drive")]
    by_action = {}
    by_week = {}
    by_folder = {}
    by_person = {}
    for week, action, folder_id, folder, person, docs, count in weekly:
        by_action[action] = by_action.get(action, 0) + docs
        by_week.setdefault(week, {}).setdefault(action, 0)
        by_week[week][action] += docs
        by_folder.setdefault(folder, {}).setdefault(action, 0)
        by_folder[folder][action] += docs
        by_person.setdefault(person or "(unknown)", {}).setdefault(action, 0)
        by_person[person or "(unknown)"][action] += docs
    actions = ["added", "changed", "trashed", "removed"]

    def table(title, groups):
        lines = [f"| {title} | " + " | ".join(actions) + " |", "|---|" + "---:|" * len(actions)]
        for key in sorted(groups):
            lines.append(f"| {key} | " + " | ".join(str(groups[key].get(a, 0)) for a in actions) + " |")
        return "\n".join(lines)

    names = {CLIENTS: f"Clients (`{CLIENTS}`)", FORMATION: f"Formation (`{FORMATION}`)", "My Drive": "My Drive"}
    text = f"""# `gdrive/`: Google Drive pages of Atelier Numérique Martin SARL

Written by `scripts/sampledata/providers/gdrive.py` (synthetic; no real Drive). Atelier Numérique Martin SARL is a
small French IT services company (repair call-outs, maintenance contracts, Excel and Python training, in EUR): its
documents are in Julien Martin's My Drive and in two shared drives:

- **Clients** (`{CLIENTS}`): a folder per client with its quotes, invoices and call-out reports;
- **Formation** (`{FORMATION}`): Excel and Python courses, sessions with their sign-in sheets and forms.

People: Julien Martin (manager), Camille Martin (accounts), Thomas Leroy (technician), Inès Benali (trainer), all
`@{DOMAIN}`.

- `files/files-p1.json` … `files-p{page_count}.json`: one `files.list` listing ({len(listed)} files and folders, 100
  a page, chained by `nextPageToken`), taken on Monday 2025-03-03 07:00 UTC, with the fields the live source asks for:
  shared-drive items have `driveId` and no `owners`, folders and Google forms no `size`, Google Docs, Sheets and
  Slides no `md5Checksum`, and `size`, `version`, `quotaBytesUsed` are strings. Two files are already trashed: a
  scan in My Drive, and a cancelled quote in Clients (with `trashedTime`).
- `changes/changes-2025-03-17.json` and `changes/changes-2025-04-07.json`: the change feed read on two Mondays,
  one page each, ending with `newStartPageToken` ({len(changes_rows)} changes): adds, edits, a trashing in My Drive
  (`file.trashed: true`, week of 10 March) and one in Formation (week of 24 March), new client and session folders,
  a change to the Formation drive itself (`changeType: drive`), and the deletion of a duplicate quote
  (`removed: true`, no file) that the first read had seen added.

Load them with `Pipelines/gdrive-files.toml` (the listing and both change pages → `drive_files`) and
`Pipelines/gdrive-changes.toml` (the change pages → `drive_changes`).

## A live pull instead

Remove `paths` from the pipeline and put an OAuth access token with a Drive scope (`drive.metadata.readonly` is
enough) in `GOOGLE_DRIVE_ACCESS_TOKEN`. Getting one is yours to arrange, for instance:

    gcloud auth login --enable-gdrive-access          # once, as a user with access to the drives
    export GOOGLE_DRIVE_ACCESS_TOKEN=$(gcloud auth print-access-token)

or, with application-default credentials,

    gcloud auth application-default login \\
        --scopes=https://www.googleapis.com/auth/drive.metadata.readonly,https://www.googleapis.com/auth/cloud-platform
    export GOOGLE_DRIVE_ACCESS_TOKEN=$(gcloud auth application-default print-access-token)

or a service account's token (with domain-wide delegation, or added as a member of the shared drives). Access
tokens last about an hour: fetch a fresh one before each run (a refused token ends the run with exit 1 and names
the variable, never the token). The first run of `drive_files`
takes a start page token, then lists every file; later runs read the change feed from the saved token. A live
listing's rows are dated by the clock of the machine that ran it (`x_state_time`), so keep that clock in time.

## What the tables hold

`drive_files` (read with `FINAL`): {len(state)} files, one per id: the listing, the files and folders the feed
added, and the deleted quote as a row with `x_removed = 1` and nothing else known about it. `x_state_time` is the
version: a change's `time`, or, for a saved listing, the latest time the file carries (`createdTime`,
`modifiedTime`, `trashedTime`). `drive_changes`: {len(changes_rows)} rows, one per change.

`SampleData/expected/totals.csv` has, for `drive_files`, rows per month of `x_state_time` and for `drive_changes`
rows per month of `change_time`; `currency` is empty and `amount` is **bytes** (the sum of `size_bytes`, resp.
`x_size_bytes`, folders and forms counting 0):

| table | month | rows | bytes |
|---|---|---:|---:|
""" + "\n".join(f"| {t} | {m} | {n} | {b} |" for t, _, m, _, n, b in totals) + f"""

## The views

`drive_activity_weekly` counts documents (not folders) per week (Monday, UTC), action, folder and person. The
action of a change: `removed` (Drive's `removed: true`: deleted, or no longer visible), `trashed`
(`file.trashed: true`), `added` (the file was created in the week of the change), else `changed`. The folder is
the parent folder's name (a shared drive's root shows as the drive's id); the person is the owner, or, for
shared-drive files, which have no owner in Drive, whoever modified the file last. A removed file takes its folder
and person from its latest earlier change, since Drive says nothing else about it (both are empty for a file the
feed never saw before its removal). Drive reports each changed file once per read, in its latest state, so a file
created and then edited before the feed was read counts as added only if both fell in the same week. Documents per
action:

{table("week", by_week)}

By folder:

{table("folder", by_folder)}

By person:

{table("person", by_person)}

Every row, as the view returns them: `expected/activity_weekly.tsv` (week, action, folder id, folder, person,
documents, changes).

`drive_storage_by_drive` (files and folders not trashed nor removed; trashed files counted apart):

| drive | files | folders | bytes | trashed |
|---|---:|---:|---:|---:|
""" + "\n".join(f"| {names.get(n, n)} | {f} | {fo} | {b} | {t} |" for n, f, fo, b, t in drives) + """

`drive_largest_files`, the 20 largest current files (`expected/largest_files.tsv`: id, name, bytes, folder,
person); the first five:

| name | bytes | folder | person |
|---|---:|---|---|
""" + "\n".join(f"| {n} | {s} | {fo} | {p} |" for _, n, s, fo, p in largest[:5]) + "\n"
    with open(os.path.join(out, "README.md"), "w", encoding="utf-8") as f:
        f.write(text)
