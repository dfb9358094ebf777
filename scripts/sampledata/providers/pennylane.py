"""PennyLane books of Atelier Numérique Martin SARL, a fictional IT services company in Lyon (EUR, 20 % VAT),
from April 2024 to March 2025, written as PennyLane API v2 response pages (pennylane-drive.md, A.3 and A.6).

Services: call-outs (déplacement), repairs by the hour (dépannage), monthly maintenance contracts, Excel and
Python training days. One export customer is invoiced in USD (no VAT, with its EUR amount and exchange rate).
Four credit notes, one of them cancelling a whole invoice. In January 2025 the two largest maintenance
customers suspend their contracts and no training takes place: the planted revenue drop.

The listing is saved as it stood on 2025-03-25 18:00 UTC; a customer-invoice changelog then records a draft
deleted on 2025-03-27 and an invoice paid on 2025-03-28, whose new state is saved as its `GET` response.

Every expected number (SampleData/pennylane/expected.json, README.md and the `invoices` rows of totals.csv) is
computed here from the books as they were generated, with Decimal, never by reading the pages back.
"""
import base64
import datetime as dt
import json
import os
import random
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

API = "https://app.pennylane.com/api/external/v2"
VAT = Decimal("0.20")
CENT = Decimal("0.01")
MONTHS = [(2024, m) for m in range(4, 13)] + [(2025, m) for m in range(1, 4)]
LISTED_AT = dt.datetime(2025, 3, 25, 18, 0, 0)
PAGE_SIZE = 50

# product id, label, unit, unit price before tax
DEPLACEMENT = (401, "Déplacement", "forfait", Decimal("45.00"))
DEPANNAGE = (402, "Dépannage informatique", "heure", Decimal("65.00"))
MAINTENANCE = (403, "Contrat de maintenance", "mois", None)
EXCEL = (404, "Formation Excel", "jour", Decimal("450.00"))
PYTHON = (405, "Formation Python", "jour", Decimal("650.00"))
SERVICES = [DEPLACEMENT, DEPANNAGE, MAINTENANCE, EXCEL, PYTHON]

# id, name, type, city, postal code, monthly maintenance price (None: no contract), first contract month
CUSTOMERS = [
    (2001, "Cabinet Lefèvre Avocats", "company", "Lyon", "69002", Decimal("420.00"), (2024, 4)),
    (2002, "Pharmacie du Centre", "company", "Villeurbanne", "69100", Decimal("380.00"), (2024, 4)),
    (2003, "Agence Immobilière Rhône Habitat", "company", "Lyon", "69003", Decimal("250.00"), (2024, 4)),
    (2004, "Boulangerie Martin & Fils", "company", "Lyon", "69007", Decimal("150.00"), (2024, 4)),
    (2005, "Garage Dupuis", "company", "Vénissieux", "69200", Decimal("180.00"), (2024, 5)),
    (2006, "Cabinet Infirmier Bellecour", "company", "Lyon", "69002", Decimal("120.00"), (2024, 6)),
    (2007, "Architectes Moreau Associés", "company", "Lyon", "69006", Decimal("250.00"), (2024, 7)),
    (2008, "Fromagerie des Halles", "company", "Lyon", "69003", Decimal("120.00"), (2024, 10)),
    (2009, "Librairie Le Passage", "company", "Lyon", "69001", None, None),
    (2010, "Studio Photo Lumière", "company", "Caluire-et-Cuire", "69300", None, None),
    (2011, "Mairie de Saint-Genis", "company", "Saint-Genis-Laval", "69230", None, None),
    (2012, "Association Sportive Croix-Rousse", "company", "Lyon", "69004", None, None),
    (2013, "Transports Girard", "company", "Corbas", "69960", None, None),
    (2014, "Collège Jean Moulin", "company", "Lyon", "69005", None, None),
    (2015, "Cave à Vins Bacchus", "company", "Lyon", "69006", None, None),
    (2016, "Jeanne Roux", "individual", "Lyon", "69008", None, None),
    (2017, "Marc Bernard", "individual", "Oullins", "69600", None, None),
    (2018, "Sophie Lambert", "individual", "Lyon", "69009", None, None),
    (2019, "Paul Girard", "individual", "Bron", "69500", None, None),
    (2020, "Claire Fontaine", "individual", "Lyon", "69003", None, None),
    (2021, "Hugo Mercier", "individual", "Écully", "69130", None, None),
    (2022, "Émilie Chevalier", "individual", "Lyon", "69007", None, None),
    (2023, "Thomas Petit", "individual", "Tassin-la-Demi-Lune", "69160", None, None),
    (2024, "Nathalie Blanc", "individual", "Lyon", "69005", None, None),
    (2025, "Acme Corp", "company", "San Francisco", "94105", None, None),
]
EXPORT_CUSTOMER = 2025
PAUSED = {2001, 2002}          # their contracts are suspended in January 2025
DROP_MONTH = (2025, 1)
TRAINING_CUSTOMERS = [2001, 2003, 2007, 2009, 2011, 2012, 2013, 2014]

# id, name, SIRET, city, postal code
SUPPLIERS = [
    (3001, "SCI Les Tilleuls", "41234567800011", "Lyon", "69003"),
    (3002, "OVH SAS", "42476141900045", "Roubaix", "59100"),
    (3003, "Orange Business", "38012986600091", "Paris", "75015"),
    (3004, "LDLC.com", "40335519500040", "Limonest", "69760"),
    (3005, "Cabinet Comptable Durand", "51234987600025", "Lyon", "69006"),
    (3006, "TotalEnergies Marketing France", "54201976400072", "Nanterre", "92000"),
]


def money(x):
    return Decimal(x).quantize(CENT, rounding=ROUND_HALF_UP)


def fmt(x):
    """PennyLane's decimal strings, as `"120.0"` or `"97.5"` (notes C.2: formatting varies)."""
    text = format(Decimal(x).normalize(), "f")
    return text if "." in text else text + ".0"


def ts(t, digits=6):
    text = t.strftime("%Y-%m-%dT%H:%M:%S")
    frac = f"{t.microsecond:06d}"[:digits]
    return f"{text}.{frac}Z"


def month_key(d):
    return f"{d.year:04d}-{d.month:02d}"


class Books:
    """The company's documents as generated: the single source of both the pages and the expected numbers."""

    def __init__(self):
        self.rng = random.Random(20240401)
        self.customer_invoices = []
        self.supplier_invoices = []
        self.transactions = []
        self.next_invoice = 100001
        self.next_line = 500001
        self.next_supplier_invoice = 200001
        self.next_supplier_line = 600001
        self.next_transaction = 900001
        self.numbers = {}
        self.deleted_id = None
        self.updated_id = None

    # -- customer documents ------------------------------------------------------------------------------------

    def number(self, prefix, year):
        n = self.numbers.get((prefix, year), 0) + 1
        self.numbers[(prefix, year)] = n
        return f"{prefix}-{year}-{n:04d}"

    def invoice(self, customer, date, lines, currency="EUR", rate=Decimal("1"), draft=False, credited=None,
                label=None):
        """`lines`: (service, quantity, unit price, description); amounts before tax in the document currency."""
        inv_lines = []
        for service, qty, price, description in lines:
            before = money(Decimal(qty) * price)
            vat = Decimal(0) if currency != "EUR" else money(before * VAT)
            amount = before + vat
            eur_amount = amount if currency == "EUR" else money(amount / rate)
            eur_tax = vat if currency == "EUR" else Decimal(0)
            inv_lines.append({
                "id": self.next_line, "service": service, "quantity": Decimal(qty), "unit_price": price,
                "before_tax": before, "tax": vat, "amount": amount, "amount_eur": eur_amount, "tax_eur": eur_tax,
                "description": description,
            })
            self.next_line += 1
        created = dt.datetime(date.year, date.month, date.day, 8 + self.rng.randrange(9), self.rng.randrange(60),
                              self.rng.randrange(60), self.rng.randrange(1_000_000))
        credit = credited is not None
        inv = {
            "id": self.next_invoice, "customer": customer, "date": date, "currency": currency, "rate": rate,
            "lines": inv_lines, "draft": draft, "credited": credited, "credit_note": credit,
            "number": None if draft else self.number("AV" if credit else "F", date.year),
            "before_tax": sum(l["before_tax"] for l in inv_lines), "tax": sum(l["tax"] for l in inv_lines),
            "amount": sum(l["amount"] for l in inv_lines), "amount_eur": sum(l["amount_eur"] for l in inv_lines),
            "tax_eur": sum(l["tax_eur"] for l in inv_lines), "created_at": created, "updated_at": created,
            "paid_at": None, "status": "draft" if draft else ("credit_note" if credit else "upcoming"),
            "remaining": Decimal(0), "label": label, "deadline": date + dt.timedelta(days=0 if credit else 30),
        }
        inv["remaining"] = Decimal(0) if (credit or draft) else inv["amount"]
        self.next_invoice += 1
        self.customer_invoices.append(inv)
        return inv

    def pay(self, inv, when, label=None):
        inv["paid_at"] = when
        inv["status"] = "paid" if inv["status"] == "upcoming" or inv["status"] == "late" else inv["status"]
        paid = inv["remaining"]
        inv["remaining"] = Decimal(0)
        inv["updated_at"] = max(inv["updated_at"], when)
        if paid:
            name = customer_name(inv["customer"]).upper()
            eur = paid if inv["currency"] == "EUR" else inv["amount_eur"]
            self.transaction(when.date(), f"VIR SEPA {name} {inv['number']}", eur, when)

    def credit(self, inv, date, lines, full=False):
        """A credit note on `inv`, its lines negative; `inv` becomes (partially) cancelled and owes less."""
        neg = [(s, -Decimal(q), p, d) for s, q, p, d in lines]
        note = self.invoice(inv["customer"], date, neg, credited=inv["id"],
                            label=f"Avoir {customer_name(inv['customer'])} - {inv['number']}")
        inv["status"] = "cancelled" if full else "partially_cancelled"
        inv["remaining"] = max(Decimal(0), inv["remaining"] + note["amount"])
        inv["updated_at"] = max(inv["updated_at"], note["created_at"] + dt.timedelta(seconds=14))
        return note

    # -- supplier documents and the bank -----------------------------------------------------------------------

    def supplier_invoice(self, supplier, date, label, before_tax, vat=True, paid_days=10):
        before = money(before_tax)
        tax = money(before * VAT) if vat else Decimal(0)
        amount = before + tax
        created = dt.datetime(date.year, date.month, date.day, 10, self.rng.randrange(60), self.rng.randrange(60),
                              self.rng.randrange(1_000_000))
        inv = {
            "id": self.next_supplier_invoice, "supplier": supplier, "date": date, "label": label,
            "before_tax": before, "tax": tax, "amount": amount, "created_at": created, "updated_at": created,
            "number": f"{supplier_code(supplier)}-{date.strftime('%Y%m')}-{self.next_supplier_invoice % 1000:03d}",
            "line_id": self.next_supplier_line, "remaining": amount, "payment_status": "to_be_paid",
        }
        self.next_supplier_invoice += 1
        self.next_supplier_line += 1
        pay_day = date + dt.timedelta(days=paid_days)
        if dt.datetime(pay_day.year, pay_day.month, pay_day.day, 9) < LISTED_AT:
            when = dt.datetime(pay_day.year, pay_day.month, pay_day.day, 9, 30)
            inv["payment_status"] = "fully_paid"
            inv["remaining"] = Decimal(0)
            inv["updated_at"] = when
            self.transaction(pay_day, f"PRLV SEPA {supplier_name(supplier).upper()}", -amount, when)
        self.supplier_invoices.append(inv)
        return inv

    def transaction(self, day, label, amount, when, category=None):
        self.transactions.append({
            "id": self.next_transaction, "date": day, "label": label, "amount": amount, "created_at": when,
            "updated_at": when, "category": category,
        })
        self.next_transaction += 1


def customer_name(cid):
    return next(c[1] for c in CUSTOMERS if c[0] == cid)


def supplier_name(sid):
    return next(s[1] for s in SUPPLIERS if s[0] == sid)


def supplier_code(sid):
    return {3001: "LOY", 3002: "OVH", 3003: "ORA", 3004: "LDLC", 3005: "DUR", 3006: "TOT"}[sid]


def build():
    b = Books()
    rng = b.rng
    occasional = [c[0] for c in CUSTOMERS if c[5] is None and c[0] != EXPORT_CUSTOMER]
    for year, month in MONTHS:
        first = dt.date(year, month, 1)
        # Maintenance contracts, invoiced on the 1st for the month.
        for cid, _, _, _, _, price, since in CUSTOMERS:
            if price is None or (year, month) < since:
                continue
            if (year, month) == DROP_MONTH and cid in PAUSED:
                continue
            b.invoice(cid, first, [(MAINTENANCE, 1, price, f"Maintenance informatique {first.strftime('%m/%Y')}")])
        # Call-outs and repairs.
        repairs = 2 if (year, month) == DROP_MONTH else 4 + rng.randrange(4)
        # The listing was saved on 2025-03-25: March's documents are all older.
        span = 20 if (year, month) == MONTHS[-1] else 24
        for _ in range(repairs):
            day = dt.date(year, month, 3 + rng.randrange(span))
            cid = rng.choice(occasional + [2003, 2004, 2005, 2006])
            hours = Decimal(rng.choice(["1", "1.5", "2", "2.5", "3", "4"]))
            lines = [(DEPLACEMENT, 1, DEPLACEMENT[3], "Intervention sur site"),
                     (DEPANNAGE, hours, DEPANNAGE[3], rng.choice(["Poste lent", "Imprimante réseau", "Wi-Fi",
                                                                  "Sauvegarde", "Messagerie", "Virus"]))]
            b.invoice(cid, day, lines, label=f"Dépannage {customer_name(cid)}")
        # Training days (none in the drop month).
        if (year, month) != DROP_MONTH:
            for _ in range(rng.randrange(3)):
                cid = rng.choice(TRAINING_CUSTOMERS)
                days = 1 + rng.randrange(3)
                day = dt.date(year, month, 5 + rng.randrange(20))
                b.invoice(cid, day, [(EXCEL, days, EXCEL[3], "Tableaux croisés dynamiques, Power Query")],
                          label=f"Formation Excel {customer_name(cid)}")
            if month % 2 == 0 or month == 3:
                cid = rng.choice(TRAINING_CUSTOMERS)
                day = dt.date(year, month, 8 + rng.randrange(15))
                b.invoice(cid, day, [(PYTHON, 2, PYTHON[3], "Automatiser ses fichiers avec Python")],
                          label=f"Formation Python {customer_name(cid)}")
        if (year, month) == (2024, 10):
            rate = Decimal("1.0850")
            b.invoice(EXPORT_CUSTOMER, dt.date(2024, 10, 15),
                      [(EXCEL, 2, Decimal("540.00"), "Excel training (English), on site")],
                      currency="USD", rate=rate, label="Invoice Acme Corp - Excel training")
    plant_credit_notes(b)
    settle(b)
    plant_changes(b)
    suppliers(b)
    return b


def by_number(b, number):
    return next(i for i in b.customer_invoices if i["number"] == number)


def first_invoice(b, year, month, service):
    return next(i for i in b.customer_invoices
                if (i["date"].year, i["date"].month) == (year, month) and not i["credit_note"]
                and any(l["service"] == service for l in i["lines"]))


def plant_credit_notes(b):
    """Four credit notes: a call-out waived, a training cancelled, half a month of maintenance, a training day."""
    repair = first_invoice(b, 2024, 6, DEPANNAGE)
    b.credit(repair, repair["date"] + dt.timedelta(days=5), [(DEPLACEMENT, 1, DEPLACEMENT[3], "Déplacement offert")])
    training = first_invoice(b, 2024, 9, EXCEL)
    days = training["lines"][0]["quantity"]
    b.credit(training, training["date"] + dt.timedelta(days=3),
             [(EXCEL, days, EXCEL[3], "Formation annulée")], full=True)
    contract = first_invoice(b, 2024, 12, MAINTENANCE)
    half = money(contract["lines"][0]["unit_price"] / 2)
    b.credit(contract, dt.date(2024, 12, 20), [(MAINTENANCE, 1, half, "Interruption de service (50 %)")])
    python = first_invoice(b, 2025, 2, PYTHON)
    b.credit(python, python["date"] + dt.timedelta(days=2), [(PYTHON, 1, PYTHON[3], "Journée non réalisée")])


def settle(b):
    """Payments: most invoices paid 5-40 days after their date; two planted late ones; March partly open."""
    late = {first_invoice(b, 2025, 1, DEPANNAGE)["id"], first_invoice(b, 2025, 2, MAINTENANCE)["id"]}
    for inv in b.customer_invoices:
        if inv["credit_note"] or inv["draft"] or inv["remaining"] == 0:
            continue
        if inv["id"] in late:
            inv["status"] = "late"
            inv["updated_at"] = dt.datetime.combine(inv["deadline"], dt.time(6, 0, 1))
            continue
        delay = 5 + b.rng.randrange(36)
        when = dt.datetime.combine(inv["date"] + dt.timedelta(days=delay), dt.time(11, b.rng.randrange(60), 7))
        if when < LISTED_AT:
            b.pay(inv, when)
    b.transactions.sort(key=lambda t: (t["date"], t["id"]))


def plant_changes(b):
    """A draft created on 2025-03-24 and deleted on 2025-03-27; an open March invoice paid on 2025-03-28."""
    draft = b.invoice(2010, dt.date(2025, 3, 24), [(DEPANNAGE, 2, DEPANNAGE[3], "Devis en cours")], draft=True,
                      label="Brouillon Studio Photo Lumière")
    b.deleted_id = draft["id"]
    b.deleted_at = dt.datetime(2025, 3, 27, 16, 40, 12, 502000)
    candidates = [i for i in b.customer_invoices if i["status"] == "upcoming" and i["date"] < dt.date(2025, 3, 10)]
    target = candidates[0]
    b.updated_id = target["id"]
    b.before_update = dict(target)
    when = dt.datetime(2025, 3, 28, 10, 15, 2, 331000)
    b.pay(target, when)
    b.updated_processed_at = dt.datetime(2025, 3, 28, 10, 15, 3, 118000)


def suppliers(b):
    rng = b.rng
    for year, month in MONTHS:
        first = dt.date(year, month, 1)
        b.supplier_invoice(3001, first, f"Loyer bureau {first.strftime('%m/%Y')}", "950.00", paid_days=4)
        b.supplier_invoice(3002, dt.date(year, month, 2), "Hébergement VPS et domaines", "39.99", paid_days=1)
        b.supplier_invoice(3003, dt.date(year, month, 5), "Forfait mobile et fibre pro", "49.99", paid_days=15)
        b.supplier_invoice(3006, dt.date(year, month, 20), "Carburant", str(Decimal(60 + rng.randrange(60))),
                           paid_days=0)
        if rng.randrange(3):
            b.supplier_invoice(3004, dt.date(year, month, 10 + rng.randrange(10)), "Pièces et périphériques",
                               str(money(Decimal(80 + rng.randrange(500)) + Decimal("0.90"))), paid_days=30)
        if month in (1, 4, 7, 10):
            b.supplier_invoice(3005, dt.date(year, month, 15), "Honoraires comptables trimestre", "450.00",
                               paid_days=20)
    for year, month in MONTHS:
        day = dt.date(year, month, 28)
        b.transaction(day, "FRAIS TENUE DE COMPTE", Decimal("-12.50"), dt.datetime(year, month, 28, 23, 0, 0),
                      category="Frais bancaires")
    b.transactions.sort(key=lambda t: (t["date"], t["id"]))


# -- pages ----------------------------------------------------------------------------------------------------


def ref(kind, i):
    return {"id": i, "url": f"{API}/{kind}/{i}"}


def invoice_json(inv):
    iid = inv["id"]
    sub = lambda name: {"url": f"{API}/customer_invoices/{iid}/{name}"}
    open_eur = inv["remaining"]
    ratio = (inv["before_tax"] / inv["amount"]) if inv["amount"] else Decimal(0)
    return {
        "id": iid, "label": inv["label"] or f"Facture {customer_name(inv['customer'])}",
        "invoice_number": inv["number"], "currency": inv["currency"], "amount": fmt(inv["amount_eur"]),
        "currency_amount": fmt(inv["amount"]), "currency_amount_before_tax": fmt(inv["before_tax"]),
        "exchange_rate": fmt(inv["rate"]), "date": inv["date"].isoformat(), "deadline": inv["deadline"].isoformat(),
        "currency_tax": fmt(inv["tax"]), "tax": fmt(inv["tax_eur"]),
        "language": "en_GB" if inv["currency"] != "EUR" else "fr_FR", "paid": inv["paid_at"] is not None,
        "status": inv["status"], "discount": {"type": "absolute", "value": "0"},
        "ledger_entry": {"id": 80000 + iid % 10000},
        "public_file_url": None if inv["draft"] else
        f"https://app.pennylane.com/public/invoice/pdf?encrypted_id=s{iid}",
        "filename": None if inv["draft"] else f"{'Avoir' if inv['credit_note'] else 'Facture'}_{inv['number']}.pdf",
        "remaining_amount_with_tax": fmt(open_eur), "remaining_amount_without_tax": fmt(money(open_eur * ratio)),
        "draft": inv["draft"], "special_mention": "Export - VAT not applicable" if inv["currency"] != "EUR" else None,
        "customer": ref("customers", inv["customer"]), "payment_method_ledger_account": None,
        "invoice_line_sections": sub("invoice_line_sections"), "invoice_lines": sub("invoice_lines"),
        "custom_header_fields": sub("custom_header_fields"), "categories": sub("categories"),
        "pdf_invoice_free_text": "Merci pour votre confiance.", "pdf_invoice_subject": inv["label"] or "Prestations",
        "pdf_description": None, "billing_subscription": None,
        "credited_invoice": ref("customer_invoices", inv["credited"]) if inv["credited"] else None,
        "customer_invoice_template": {"id": 12}, "transaction_reference": None, "payments": sub("payments"),
        "matched_transactions": sub("matched_transactions"), "appendices": sub("appendices"), "installments": None,
        "quote": None, "external_reference": f"anm-{iid}", "purchase_order_reference": None,
        "sales_order_reference": None, "e_invoicing": None, "factur_x": False, "schematron_validation_status": None,
        "archived_at": None, "created_at": ts(inv["created_at"]), "updated_at": ts(inv["updated_at"]),
    }


def line_json(inv, line):
    pid, label, unit, _ = line["service"]
    imputation = None
    if line["service"] is MAINTENANCE:
        d = inv["date"]
        end = (dt.date(d.year + (d.month == 12), d.month % 12 + 1, 1) - dt.timedelta(days=1))
        imputation = {"start_date": d.replace(day=1).isoformat(), "end_date": end.isoformat()}
    return {
        "id": line["id"], "label": label, "unit": unit, "quantity": fmt(line["quantity"]),
        "amount": fmt(line["amount_eur"]), "currency_amount": fmt(line["amount"]), "description": line["description"],
        "product": ref("products", pid), "vat_rate": "FR_200" if inv["currency"] == "EUR" else "extracom",
        "currency_amount_before_tax": fmt(line["before_tax"]), "currency_tax": fmt(line["tax"]),
        "tax": fmt(line["tax_eur"]), "raw_currency_unit_price": fmt(line["unit_price"]),
        "discount": {"type": "absolute", "value": "0"}, "section_rank": None, "imputation_dates": imputation,
        "created_at": ts(inv["created_at"]), "updated_at": ts(inv["created_at"]),
    }


def supplier_invoice_json(inv):
    iid = inv["id"]
    sub = lambda name: {"url": f"{API}/supplier_invoices/{iid}/{name}"}
    return {
        "id": iid, "label": inv["label"], "invoice_number": inv["number"], "currency": "EUR",
        "amount": fmt(inv["amount"]), "currency_amount": fmt(inv["amount"]),
        "currency_amount_before_tax": fmt(inv["before_tax"]), "exchange_rate": "1.0",
        "date": inv["date"].isoformat(), "deadline": (inv["date"] + dt.timedelta(days=30)).isoformat(),
        "currency_tax": fmt(inv["tax"]), "tax": fmt(inv["tax"]), "reconciled": inv["remaining"] == 0,
        "accounting_status": "complete" if inv["remaining"] == 0 else "validation_needed",
        "filename": f"{inv['number']}.pdf", "public_file_url": None, "remaining_amount_with_tax": fmt(inv["remaining"]),
        "remaining_amount_without_tax": fmt(inv["before_tax"] if inv["remaining"] else 0),
        "ledger_entry": {"id": 90000 + iid % 10000}, "supplier": ref("suppliers", inv["supplier"]),
        "invoice_lines": sub("invoice_lines"), "categories": sub("categories"), "transaction_reference": None,
        "payment_status": inv["payment_status"], "payments": sub("payments"),
        "matched_transactions": sub("matched_transactions"), "external_reference": f"sup-{iid}", "archived_at": None,
        "created_at": ts(inv["created_at"]), "updated_at": ts(inv["updated_at"]),
    }


def supplier_line_json(inv):
    return {
        "id": inv["line_id"], "label": inv["label"], "amount": fmt(inv["amount"]),
        "currency_amount": fmt(inv["amount"]),
        "description": inv["label"], "vat_rate": "FR_200", "currency_amount_before_tax": fmt(inv["before_tax"]),
        "currency_tax": fmt(inv["tax"]), "tax": fmt(inv["tax"]), "imputation_dates": None,
        "created_at": ts(inv["created_at"]), "updated_at": ts(inv["created_at"]),
    }


def customer_json(c):
    cid, name, kind, city, postal, _, _ = c
    created = dt.datetime(2023, 9, 1, 9, 0, 0) + dt.timedelta(days=cid - 2000, minutes=cid % 47)
    country = "US" if cid == EXPORT_CUSTOMER else "FR"
    out = {
        "id": cid, "name": name, "customer_type": kind, "billing_iban": None,
        "payment_conditions": "30_days", "recipient": name, "phone": "", "reference": None, "notes": None,
        "ledger_account": {"id": 4110000 + cid}, "emails": [f"compta{cid}@example.fr"],
        "billing_address": {"address": f"{cid % 90 + 1} rue de la République", "postal_code": postal, "city": city,
                            "country_alpha2": country},
        "delivery_address": {"address": f"{cid % 90 + 1} rue de la République", "postal_code": postal, "city": city,
                             "country_alpha2": country},
        "created_at": ts(created), "updated_at": ts(created + dt.timedelta(days=3)),
        "external_reference": f"CUST-{cid}", "billing_language": "en_GB" if country == "US" else "fr_FR",
    }
    if kind == "company":
        out["vat_number"] = "" if country == "US" else f"FR{cid % 97:02d}8{cid:05d}12"
        out["reg_no"] = "" if country == "US" else f"8{cid:05d}123"
    else:
        first, last = name.split(" ", 1)
        out["first_name"], out["last_name"] = first, last
    return out


def supplier_json(s):
    sid, name, siret, city, postal = s
    created = dt.datetime(2023, 8, 20, 14, 0, 0) + dt.timedelta(days=sid - 3000)
    return {
        "id": sid, "name": name, "establishment_no": siret, "vat_number": f"FR{sid % 97:02d}{siret[:9]}",
        "ledger_account": {"id": 4010000 + sid}, "emails": [f"factures@{supplier_code(sid).lower()}.example.fr"],
        "iban": "FR7630006000011234567890189", "postal_address": {"address": "1 avenue des Fournisseurs",
                                                                  "postal_code": postal, "city": city,
                                                                  "country_alpha2": "FR"},
        "supplier_payment_method": "automatic_debiting" if sid in (3001, 3002, 3003) else "manual_transfer",
        "supplier_due_date_delay": 30, "supplier_due_date_rule": "days", "external_reference": f"SUP-{sid}",
        "created_at": ts(created), "updated_at": ts(created),
    }


def transaction_json(t, balance):
    category = []
    if t["category"]:
        category = [{"id": 5001, "label": t["category"], "weight": "1.0", "category_group": {"id": 51},
                     "analytical_code": None, "created_at": "2023-09-01T09:00:00.000000Z",
                     "updated_at": "2023-09-01T09:00:00.000000Z"}]
    return {
        "id": t["id"], "label": t["label"], "date": t["date"].isoformat(), "outstanding_balance": fmt(balance),
        "created_at": ts(t["created_at"]), "updated_at": ts(t["updated_at"]), "archived_at": None, "currency": "EUR",
        "currency_amount": fmt(t["amount"]), "amount": fmt(t["amount"]), "currency_fee": "0.0", "fee": "0.0",
        "journal_id": 31, "bank_account": ref("bank_accounts", 7001), "categories": category,
        "matched_invoices": {"url": f"{API}/transactions/{t['id']}/matched_invoices"},
    }


def write_pages(folder, items, included=None):
    """v2 list pages of PAGE_SIZE items sorted by id, with `include=invoice_lines` when `included` is given."""
    os.makedirs(folder, exist_ok=True)
    items = sorted(items, key=lambda x: x["id"])
    pages = [items[i:i + PAGE_SIZE] for i in range(0, len(items), PAGE_SIZE)] or [[]]
    for n, chunk in enumerate(pages, start=1):
        more = n < len(pages)
        cursor = base64.b64encode(json.dumps({"id": chunk[-1]["id"]}).encode()).decode() if more else None
        page = {"has_more": more, "next_cursor": cursor, "items": chunk}
        if included is not None:
            page["included"] = {"invoice_lines": {
                str(x["id"]): {"has_more": False, "next_cursor": None, "items": included[x["id"]]} for x in chunk}}
        with open(os.path.join(folder, f"page-{n:03d}.json"), "w", encoding="utf-8") as f:
            json.dump(page, f, ensure_ascii=False, indent=1)
            f.write("\n")
    return len(pages)


def write_json(path, value):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(value, f, ensure_ascii=False, indent=1)
        f.write("\n")


# -- expected numbers -----------------------------------------------------------------------------------------


def before_tax_eur(doc):
    return doc["amount_eur"] - doc["tax_eur"]


def expectations(b):
    """What the tables and views must hold once every page (the changelog included) is loaded."""
    docs = [i for i in b.customer_invoices if not i["draft"]]
    months = sorted({month_key(d["date"]) for d in docs})
    monthly = []
    for m in months:
        ds = [d for d in docs if month_key(d["date"]) == m]
        notes = [d for d in ds if d["credit_note"]]
        monthly.append({
            "month": m, "revenue_before_tax": str(sum(before_tax_eur(d) for d in ds)),
            "invoices": len(ds) - len(notes), "credit_notes": len(notes),
            "credited_before_tax": str(sum((before_tax_eur(d) for d in notes), Decimal(0))),
            "active_customers": len({d["customer"] for d in ds if not d["credit_note"]}), "documents": len(ds),
        })
    by_service = {}
    for d in docs:
        for line in d["lines"]:
            key = (month_key(d["date"]), line["service"][1])
            rev, n = by_service.get(key, (Decimal(0), 0))
            by_service[key] = (rev + line["amount_eur"] - line["tax_eur"], n + 1)
    service_monthly = [{"month": m, "service": s, "revenue_before_tax": str(v[0]), "lines": v[1]}
                       for (m, s), v in sorted(by_service.items())]
    years = []
    top = []
    for year in sorted({d["date"].year for d in docs}):
        ds = [d for d in docs if d["date"].year == year]
        ytd = sum(before_tax_eur(d) for d in ds)
        as_of = max(d["date"].month for d in ds)
        projection = (ytd * 12 / as_of).quantize(Decimal("1e-12"), rounding=ROUND_DOWN)
        years.append({"year": year, "as_of_month": f"{year:04d}-{as_of:02d}", "months": as_of,
                      "revenue_ytd": str(ytd), "run_rate_projection": str(projection)})
        per = {}
        for d in ds:
            for line in d["lines"]:
                per[line["service"][1]] = per.get(line["service"][1], Decimal(0)) + line["amount_eur"] - line["tax_eur"]
        for service, rev in sorted(per.items(), key=lambda kv: (-kv[1], kv[0])):
            share = (rev * 100 / ytd).quantize(Decimal("1e-12"), rounding=ROUND_DOWN)
            top.append({"year": year, "service": service, "revenue_before_tax": str(rev), "share_percent": str(share)})
    receivables = []
    for currency in sorted({d["currency"] for d in docs}):
        open_docs = [d for d in docs if d["currency"] == currency and d["remaining"] > 0]
        if open_docs:
            receivables.append({"currency": currency, "open_invoices": len(open_docs),
                                "outstanding": str(sum(d["remaining"] for d in open_docs)),
                                "oldest_deadline": min(d["deadline"] for d in open_docs).isoformat()})
    lines = sum(len(d["lines"]) for d in b.customer_invoices)
    balance = OPENING_BALANCE + sum(t["amount"] for t in b.transactions)
    return {
        "company": "Atelier Numérique Martin SARL",
        "customer_invoices": {
            "rows": len(b.customer_invoices), "live_rows": len(docs), "deleted": [b.deleted_id],
            "updated": b.updated_id, "credit_notes": sum(1 for d in docs if d["credit_note"]),
            "revenue_before_tax": str(sum(before_tax_eur(d) for d in docs)),
        },
        "invoice_lines": {"rows": lines, "live_lines": sum(len(d["lines"]) for d in docs),
                          "marker_rows": 1},
        "supplier_invoices": {
            "rows": len(b.supplier_invoices),
            "amount_before_tax": str(sum(i["before_tax"] for i in b.supplier_invoices)),
            "outstanding": str(sum(i["remaining"] for i in b.supplier_invoices)),
        },
        "customers": len(CUSTOMERS), "suppliers": len(SUPPLIERS),
        "transactions": {"rows": len(b.transactions), "amount": str(sum(t["amount"] for t in b.transactions)),
                         "closing_balance": str(balance)},
        "revenue_monthly": monthly, "revenue_by_service_monthly": service_monthly, "revenue_year": years,
        "top_services": top, "receivables": receivables,
    }


OPENING_BALANCE = Decimal("8000.00")


# -- writing --------------------------------------------------------------------------------------------------


def generate(root):
    b = build()
    out = os.path.join(root, "pennylane")
    v2 = os.path.join(out, "v2")
    listed = [b.before_update if i["id"] == b.updated_id else i for i in b.customer_invoices]
    write_pages(os.path.join(v2, "customer_invoices"), [invoice_json(i) for i in listed],
                included={i["id"]: [line_json(i, l) for l in i["lines"]] for i in listed})
    updated = next(i for i in b.customer_invoices if i["id"] == b.updated_id)
    write_json(os.path.join(v2, "customer_invoices", "changes", f"customer_invoice-{updated['id']}.json"),
               invoice_json(updated))
    draft = next(i for i in b.customer_invoices if i["id"] == b.deleted_id)
    events = [
        {"id": draft["id"], "operation": "delete", "processed_at": ts(b.deleted_at, 3),
         "updated_at": ts(b.deleted_at - dt.timedelta(milliseconds=180), 3), "created_at": ts(draft["created_at"], 3)},
        {"id": updated["id"], "operation": "update", "processed_at": ts(b.updated_processed_at, 3),
         "updated_at": ts(updated["updated_at"], 3), "created_at": ts(updated["created_at"], 3)},
    ]
    write_json(os.path.join(v2, "changelogs", "customer_invoices", "page-001.json"),
               {"items": events, "has_more": False, "next_cursor": None})
    write_pages(os.path.join(v2, "supplier_invoices"), [supplier_invoice_json(i) for i in b.supplier_invoices],
                included={i["id"]: [supplier_line_json(i)] for i in b.supplier_invoices})
    write_pages(os.path.join(v2, "customers"), [customer_json(c) for c in CUSTOMERS])
    write_pages(os.path.join(v2, "suppliers"), [supplier_json(s) for s in SUPPLIERS])
    balance = OPENING_BALANCE
    txs = []
    for t in b.transactions:
        balance += t["amount"]
        txs.append(transaction_json(t, balance))
    write_pages(os.path.join(v2, "transactions"), txs)
    expected = expectations(b)
    write_json(os.path.join(out, "expected.json"), expected)
    with open(os.path.join(out, "README.md"), "w", encoding="utf-8") as f:
        f.write(readme(expected))
    return [("invoices", "pennylane", m["month"], "EUR", m["documents"], Decimal(m["revenue_before_tax"]))
            for m in expected["revenue_monthly"]]


def table(header, rows):
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(str(c) for c in r) + " |" for r in rows]
    return "\n".join(lines) + "\n"


def readme(e):
    ci = e["customer_invoices"]
    files = table(["folder", "what", "pipeline"], [
        ["`v2/customer_invoices/page-*.json`",
         f"`GET /customer_invoices?sort=id&limit={PAGE_SIZE}&include=invoice_lines`, as listed on 2025-03-25 "
         f"18:00 UTC: {ci['rows']} invoices and credit notes (one a draft), each page with "
         "`included.invoice_lines`",
         "`pennylane-customer-invoices`, `pennylane-invoice-lines`"],
        ["`v2/changelogs/customer_invoices/page-001.json`",
         f"`GET /changelogs/customer_invoices?start_date=2025-03-25T18:00:00Z`: the draft {ci['deleted'][0]} "
         f"deleted on 2025-03-27, invoice {ci['updated']} updated (paid) on 2025-03-28", "both"],
        [f"`v2/customer_invoices/changes/customer_invoice-{ci['updated']}.json`",
         f"`GET /customer_invoices/{ci['updated']}` after the update", "both"],
        ["`v2/supplier_invoices/page-*.json`",
         f"supplier invoices with `included.invoice_lines` ({e['supplier_invoices']['rows']})",
         "`pennylane-supplier-invoices`, `pennylane-supplier-invoice-lines`"],
        ["`v2/customers/page-001.json`, `v2/suppliers/page-001.json`",
         f"{e['customers']} customers, {e['suppliers']} suppliers", "`pennylane-customers`, `pennylane-suppliers`"],
        ["`v2/transactions/page-*.json`",
         f"{e['transactions']['rows']} bank lines (credits positive, debits negative; the notes leave the sign "
         "convention open)", "`pennylane-transactions`"],
    ])
    text = f"""# PennyLane sample: {e['company']}

A fictional IT services company in Lyon (EUR, 20 % VAT) and its books in PennyLane from April 2024 to March
2025, as PennyLane API **v2** responses, hand-written from `../shared/formats/pennylane-drive.md` (A.3, A.6) by
`scripts/sampledata/providers/pennylane.py` (synthetic, deterministic). Regenerate with
`python3 scripts/sampledata/generate.py`. Every number below is computed by the generator from the books it
wrote, not by reading the pages back; `expected.json` holds the same numbers for the end-to-end tests.

Services: call-outs (`Déplacement`, 45 € a visit), repairs (`Dépannage informatique`, 65 € an hour), monthly
maintenance contracts (`Contrat de maintenance`, 120–420 € a month), `Formation Excel` (450 € a day) and
`Formation Python` (650 € a day). 25 customers (one, Acme Corp, invoiced in USD: one Excel training in October
2024, no VAT, `exchange_rate` 1.085, `amount` = `currency_amount / exchange_rate` as in the notes' fixture),
6 suppliers, one bank account.

**Planted for the detectors:** in January 2025 the two largest maintenance customers (Cabinet Lefèvre Avocats,
Pharmacie du Centre) suspend their contracts, only two repairs take place and no training: revenue drops.

## Files

{files}
Load it with `tributary run Pipelines/pennylane-<entity>.toml` (each reads its folders above): invoices and
credit notes land in `invoices` (`kind` = `customer` or `supplier`), their lines in `invoice_lines`, customers
and suppliers in `counterparties` (`kind` again), bank lines in `bank_transactions`; every table is a
ReplacingMergeTree keyed by its natural key and versioned by `updated_at`, so read it with `FINAL`. The deleted
draft becomes a tombstone (`x_deleted = 1`, a later `updated_at`); in `invoice_lines` a marker row (empty `id`)
stands for it, and the views keep only each invoice's latest read of its lines. The finance views are created
in the same database after a successful load.

Credit notes are customer invoices with `status: credit_note`, negative amounts and `credited_invoice`; the
credited invoice is `partially_cancelled` or `cancelled`. Four are planted: a call-out waived (June 2024), a
training cancelled in full (September 2024), half a month of maintenance (December 2024), a training day
(February 2025).

## Expected numbers (after the changelog: the draft deleted, invoice {ci['updated']} paid)

Revenue is before tax, in EUR (`amount - tax`), invoices minus credit notes (credit notes are negative), by
document date; drafts excluded (`SampleData/expected/totals.csv` has the same per month, `rows` counting
invoices and credit notes). In all: {ci['live_rows']} documents ({ci['credit_notes']} credit notes),
{ci['revenue_before_tax']} EUR.

### Monthly revenue (`finance_revenue_monthly`, `finance_active_customers_monthly`)

"""
    text += table(["month", "revenue before tax", "invoices", "credit notes", "credited", "active customers"],
                  [[m["month"], m["revenue_before_tax"], m["invoices"], m["credit_notes"], m["credited_before_tax"],
                    m["active_customers"]] for m in e["revenue_monthly"]])
    text += "\n### Year to date and run-rate (`finance_revenue_year`)\n\n"
    text += ("Run-rate projection = revenue YTD × 12 ÷ months from January to the latest invoiced month "
             "(truncated to 12 decimals).\n\n")
    text += table(["year", "as of", "months", "revenue YTD", "run-rate projection"],
                  [[y["year"], y["as_of_month"], y["months"], y["revenue_ytd"], y["run_rate_projection"]]
                   for y in e["revenue_year"]])
    text += "\n### Services' share of the year's revenue (`finance_top_services`)\n\n"
    text += table(["year", "service", "revenue before tax", "share %"],
                  [[t["year"], t["service"], t["revenue_before_tax"], t["share_percent"]] for t in e["top_services"]])
    text += "\n### Revenue by service and month (`finance_revenue_by_service_monthly`)\n\n"
    text += table(["month", "service", "revenue before tax", "lines"],
                  [[s["month"], s["service"], s["revenue_before_tax"], s["lines"]]
                   for s in e["revenue_by_service_monthly"]])
    text += "\n### Receivables outstanding at the end (`finance_receivables`)\n\n"
    text += table(["currency", "open invoices", "outstanding (VAT incl.)", "oldest deadline"],
                  [[r["currency"], r["open_invoices"], r["outstanding"], r["oldest_deadline"]]
                   for r in e["receivables"]])
    text += f"""
### Other tables

- `invoice_lines`: {e['invoice_lines']['rows']} customer invoice lines (the deleted draft's included) plus one
  marker row for the deleted draft, which hides its lines from the views.
- supplier invoices: {e['supplier_invoices']['rows']}, {e['supplier_invoices']['amount_before_tax']} EUR before tax,
  {e['supplier_invoices']['outstanding']} EUR still to pay.
- `bank_transactions`: {e['transactions']['rows']} lines summing to {e['transactions']['amount']} EUR (opening balance
  8000.00, closing {e['transactions']['closing_balance']}).
"""
    return text
