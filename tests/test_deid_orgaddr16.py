"""Organisation and address recall across the world's styles (issue 18, branch orgaddr16): general mechanisms.

An address's parts that say what they are (a key word and its number: House 19-B, Plot No. 7, Zone 4, Street 8, 2nd
Floor; an area with its head word: Barangay X, X District, X Nagar, X CHS) stand on either side of the street, and an
address made of them alone, with no street, is one; the chain ends where a field or a clause ends. Organisations: a
branch town after a dash or a two-word city after the head noun; Chinese names with 〇 or 来, 医共体 heads, cue words
before the name cut. And what each must leave alone: a role in the bracket after a name, a test's brand, tissue
blocks, a hospital's unit and ward.

Every text here is invented for this file.
"""
from __future__ import annotations


from oncostruct.extractors.deid.address_chain import compile_chain, keyed_runs
from tests.deid_helpers import doubling_ratio, table_tests

FOUND = [
    # keyed parts alone, no street (Pakistan, Gulf, India), the chain's town and postcode after them
    ("en", "Address on file: House 47-D, Block K, Gulmarg Town, Multan 60650\nPlan: X", "ADDRESS",
     "House 47-D, Block K, Gulmarg Town, Multan 60650"),
    ("en", "Sender\nVilla 14, Street 31, Al Reem, Sharjah\nQTY 30", "ADDRESS", "Villa 14, Street 31, Al Reem, Sharjah"),
    ("en", "Home: Flat 3B, 4th Floor, Neelkamal CHS, Plot No. 19, Sector 11, Nerul, Navi Mumbai 400706\nNext", "ADDRESS",
     "Flat 3B, 4th Floor, Neelkamal CHS, Plot No. 19, Sector 11, Nerul, Navi Mumbai 400706"),
    ("en", '"line": ["Flat 2C, 1st Floor, Gulmohar CHS, Plot No. 5, Sector 3, Airoli"], "city": "Thane"', "ADDRESS",
     "Flat 2C, 1st Floor, Gulmohar CHS, Plot No. 5, Sector 3, Airoli"),
    # keyed parts before a street (Saudi, Nigeria, Kenya) and the chain's end before a clause
    ("en", "lives with her niece at Building 7781, Prince Sultan Road, Al Rawdah District, Jeddah 23435, who drives", "ADDRESS",
     "Building 7781, Prince Sultan Road, Al Rawdah District, Jeddah 23435"),
    ("en", "Address on file: Plot 12, Adeyemi Road, Ikoyi, Lagos 101245\nProvider: X", "ADDRESS",
     "Plot 12, Adeyemi Road, Ikoyi, Lagos 101245"),
    ("en", "Visit at Hse No. 31, Githurai East, Mukuru Lane, Kisumu. Dog on site.", "ADDRESS",
     "Hse No. 31, Githurai East, Mukuru Lane, Kisumu"),
    ("en", "Bonfire Pharmacy\nAcacia Road, Nakuru | Tel 0700 000000", "ADDRESS", "Acacia Road, Nakuru"),
    ("en", "her son at Blk 12 Lot 9, Purok 4, Barangay San Isidro, Calamba City, Laguna 4027, who is", "ADDRESS",
     "Blk 12 Lot 9, Purok 4, Barangay San Isidro, Calamba City, Laguna 4027"),
    # a unit before a slash (AU), a street name with an inner capital, an accented town, a Hindi street word
    ("en", "Address on file: Unit 4/27 Harbour Street, Carlton VIC 3053\nProvider: X", "ADDRESS",
     "Unit 4/27 Harbour Street, Carlton VIC 3053"),
    ("en", "Address on file: 11605 McArthur Blvd, Cape Coral, FL 33904", "ADDRESS", "11605 McArthur Blvd"),
    ("en", "Address: Apt 12, 98 Harbour St, Lévis, QC G6V 5H7\nPhone", "ADDRESS", "98 Harbour St, Lévis"),
    ("en", "Nehru Vihar Marg, Gandhi Nagar, New Delhi 110049 | Tel 011", "ADDRESS",
     "Nehru Vihar Marg, Gandhi Nagar, New Delhi 110049"),
    # organisations: a branch town after a dash, a city of two words after the head noun, a plural head
    ("en", "TRIAGE LINE\nFoothill Cancer Centers - Ridgeview | Triage 303-555-0100", "ORGANIZATION",
     "Foothill Cancer Centers - Ridgeview"),
    ("en", "From: RN Ada Brook, St. Anselm's Medical Center - Harbour Point, 555-0100", "ORGANIZATION",
     "St. Anselm's Medical Center - Harbour Point"),
    ("en", "Appt 3 May, Clinic B, Lakemont Clinic Ras Khaimah. Bring your card.", "ORGANIZATION",
     "Lakemont Clinic Ras Khaimah"),
    # Chinese: 〇 in a number, 来 before a place suffix, 医共体, a service station after 来, cue words cut
    ("zh", "患者2021年3月在火箭军第九七〇医院东岗院区行手术。", "ORGANIZATION", "火箭军第九七〇医院东岗院区"),
    ("zh", "2023.05.02  于镶黄旗巴彦达来镇卫生院维护。", "ORGANIZATION", "镶黄旗巴彦达来镇卫生院"),
    ("zh", "明天上午来河口南城社区卫生服务站抽血。", "ORGANIZATION", "河口南城社区卫生服务站"),
    ("zh", "镶黄旗紧密型医共体\n双向转诊单", "ORGANIZATION", "镶黄旗紧密型医共体"),
    ("zh", "3.如有发热请至当地芒康县如美镇卫生院就诊。", "ORGANIZATION", "芒康县如美镇卫生院"),
    ("zh", "（远程连线察隅县人民医院、某某医院）", "ORGANIZATION", "察隅县人民医院"),
]

LEFT_ALONE = [
    # tissue blocks, a hospital's unit, ward and bed are no address
    ("en", "Block A2 sent for NGS, Block B1 retained.", "ADDRESS", "Block A2"),
    ("en", "Seen in Unit 4B, Ward 7, Bed 3 today.", "ADDRESS", "Unit 4B"),
    ("en", "Blocks A1, A2, Block B3, and C1 submitted.", "ADDRESS", "Block B3"),
    # a sentence's full stop ends the chain's town
    ("en", "Visit at Hse No. 31, Githurai East, Mukuru Lane, Kisumu. Dog on site.", "ADDRESS", "Dog"),
    # a role, a grade or a specialty's short form in the bracket after a name
    ("en", "Validated by: Ines Marlow (Pathologist)\nPortal", "ORGANIZATION", "Pathologist"),
    ("en", "Present: Tom Reyes (Med Onc, chair), Ana Ruiz (Surg)\n", "ORGANIZATION", "Med Onc"),
    ("en", "Present: Tom Reyes (Med Onc, chair), Ana Ruiz (Surg)\n", "ORGANIZATION", "Surg"),
    ("zh", "醫生：梁嘉文（MO）   簽署：鄧志強（Consultant）\n", "ORGANIZATION", "Consultant"),
    # a test's brand is no organisation
    ("en", "Block A1 sent for NGS (FoundationOne CDx) today.", "ORGANIZATION", "FoundationOne"),
    # a department after a dash is no branch town; generic hospitals and cue words
    ("en", "Lakemont Medical Center - Nursing Progress Note\nDate", "ORGANIZATION", "Nursing"),
    ("en", "Lakemont Medical Center - Clinical Laboratory\nDate", "ORGANIZATION", "Clinical"),
    ("zh", "已提醒其返院复查，并告知可通过医院公众号预约。", "ORGANIZATION", "可通过医院"),
    ("zh", "病人於2023年5月在私家醫院某某醫院確診。", "ORGANIZATION", "私家醫院"),
    ("zh", "回来了镇上买药。", "ORGANIZATION", "来了镇"),
    # a head noun inside a longer word, a verb's particle before 医院
    ("en", "To: The Consultant Clinical Oncologist\nRe: X", "ORGANIZATION", "Consultant"),
    ("en", "FU: SOPD Clinical Oncology in 6 weeks", "ORGANIZATION", "SOPD"),
    ("zh", "孙子帮我装了医院的APP。", "ORGANIZATION", "装了医院"),
    ("zh", "希望由主管医生安排医共体下转到县医院。", "ORGANIZATION", "医共体"),
]

test_found, test_left_alone = table_tests(FOUND, LEFT_ALONE)


def test_keyed_run_needs_a_dwelling_first() -> None:
    """An address of keyed parts alone opens with a dwelling's key word (House, Villa, Plot, Flat ...), never a unit,
    a block or a room of a hospital."""
    chain = compile_chain([], [r"[A-Z][a-z]+"], [r"\d{5}"], r"[ \t]*(?:\n|$)", keyed=[r"(?:Block|Street)[ ]\d{1,3}"],
                          first=r"House[ ]\d{1,3}")
    assert list(keyed_runs("House 12, Street 4, Lahore", chain)) == [(0, len("House 12, Street 4"))]
    assert list(keyed_runs("Block 12, Street 4, Lahore", chain)) == []


def test_keyed_parts_stay_linear_on_hostile_lines() -> None:
    """Repeated keyed parts, areas and plain parts on one long line: the chain answers in linear time."""
    from oncostruct.extractors.deid.config import load_config

    cfg = load_config().address_chain
    chain = compile_chain(cfg.before, cfg.after, cfg.postcodes, cfg.end, cfg.keyed, cfg.plain, cfg.areas, cfg.first)
    for unit in ("House 12, Block E, Gulmarg Town, ", "Al Noor District, Gandhi Nagar, ", "Plot No. 7, Sector 9, ",
                 "Hse No. 8, Kahawa West, Mukuru Lane, Kisumu "):
        ratio = doubling_ratio(lambda text: list(keyed_runs(text, chain)), unit)
        assert ratio < 3.5, (unit, ratio)   # linear: about 2; quadratic: about 4
