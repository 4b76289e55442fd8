"""Research and data-science paperwork (session 21, branch prec35): the numbering of a study's material and
paperwork (aliquots, freezer positions, release orders, agreement numbers), the machinery of
analysis code (file names, paths, function calls, a SAS data set, a listing's number, a server's address with its
port) and the titles of studies and variables in Title Case are no PHI; a core facility or a registry named after a
cue and the department line of a signature are organisations.

Every text here is invented for this file.
"""
from __future__ import annotations

from tests.deid_helpers import table_tests

FOUND = [
    # the patient's own numbers stay beside the study's
    ("zh", "受试者编号：05-118　住院号：ZY20231234\n", "RECORD_NUMBER", "ZY20231234"),
    ("en", "Subject ID: 112-093   MRN: 44120987\n", "RECORD_NUMBER", "44120987"),
    ("en", "| Specimen ID | Aliquot | Type |\n|---|---|---|\n| QRB-21-33012 | T02 | FF tumor |\n", "RECORD_NUMBER",
     "QRB-21-33012"),
    # a patient's login address and e-mail, a URL
    ("en", "Portal login from 73.21.118.40 on 2023-04-02.\n", "CONTACT", "73.21.118.40"),
    ("en", "Reply to kim.ruiz88@mailbox.net about the visit.\n", "CONTACT", "kim.ruiz88@mailbox.net"),
    ("en", "Visit https://www.example-clinic.org/portal/u/kruiz today.\n", "CONTACT",
     "https://www.example-clinic.org/portal/u/kruiz"),
    # organisations after a cue, and a signature's department
    ("en", "Reads were done by Bayside Imaging Core Lab in batch 3.\n", "ORGANIZATION", "Bayside Imaging Core Lab"),
    ("en", "Vital status confirmed with Cedar Plains Cancer Registry on 2023-05-01.\n", "ORGANIZATION", "Cedar Plains Cancer Registry"),
    ("en", "Kind regards,\nRosa Lind, PhD\nOutcomes Research Core | Harbor Valley Hospital\n", "ORGANIZATION",
     "Outcomes Research Core"),
    ("zh", "——\n程立　临床研究中心数据管理室\n江临市肿瘤医院\n电话：分机5521\n", "ORGANIZATION", "临床研究中心数据管理室"),
    # a real name in the same sentences stays
    ("en", "Nora Quill (LAR) called the site on 03/02/2023.\n", "NAME", "Nora Quill"),
]

LEFT_ALONE = [
    # a study's numbering of its material and paperwork, inline and in a column (subjects' numbers stay PHI: the
    # lead's guideline point of session 21, tests/test_deid_s21_lead.py)
    ("zh", "出库单号：CK11223344　样本编号：NJX22001234\n", "RECORD_NUMBER", "CK11223344"),
    ("en", "| Query ID | Site | Subject | MRN |\n|---|---|---|---|\n| DCF-55120 | 104 | 112-093 | 66120934 |\n",
     "RECORD_NUMBER", "DCF-55120"),
    ("en", "| Specimen ID | Aliquot | Freezer position |\n|---|---|---|\n| QRB-21-33012 | T02 | F3-R1-Bx12-C4 |\n",
     "RECORD_NUMBER", "F3-R1-Bx12-C4"),
    ("en", "Agreement No. BR-2023-114    MRN: 44120987\n", "RECORD_NUMBER", "BR-2023-114"),
    # analysis code's machinery
    ("en", "See attached: km_curve_v3.xlsx; model_out_v2.csv\n", "CONTACT", "km_curve_v3.xlsx"),
    ("en", "       log:  /proj/demo_cohort/logs/run_04.smcl\n", "CONTACT", "demo_cohort"),
    ("en", "diff --git a/tests/testthat/test-filters.R b/tests/testthat/test-filters.R\n", "CONTACT", "tests/testthat"),
    ("en", "@@ -12,6 +12,9 @@ drop_bad_rows <- function(df) {\n", "CONTACT", "drop_bad_rows"),
    ("en", "NOTE: There were 12 observations read from the data set WORK.STUDYPOP.\n", "CONTACT", "WORK.STUDYPOP"),
    ("en", ">>> (df.op_date.max(), df.op_date.min())\n", "CONTACT", "df.op_date.max"),
    ("en", "Listing 14.3.2.5  Overall survival by arm\n", "CONTACT", "14.3.2.5"),
    ("en", "$ psql -h 10.22.3.17 -p 5432\n", "CONTACT", "10.22.3.17"),
    ("en", "Destination AE QA_NODE at 172.18.4.9:11112\n", "CONTACT", "172.18.4.9"),
    # titles in Title Case, analysis sets, roles and generic places
    ("en", "Listing 14.3.2.5  Subject-Level Progression-Free Survival (Safety Analysis Set)\n", "NAME", "Subject-Level Progression-Free Survival"),
    ("en", "Listing 14.3.2.5  Subject-Level Progression-Free Survival (Safety Analysis Set)\n", "ORGANIZATION", "Safety Analysis Set"),
    ("en", "Project: Late-Effects Survivorship Cohort in gastric cancer\n", "NAME", "Late-Effects Survivorship Cohort"),
    ("en", "Aim: Marker Kinetics and Late Relapse after surgery\n", "NAME", "Late Relapse"),
    ("en", "| hpbid | Health Plan Beneficiary Identifier | text |\n", "NAME", "Health Plan Beneficiary Identifier"),
    ("en", "Nora Quill (LAR) called the site on 03/02/2023.\n", "ORGANIZATION", "LAR"),
    ("en", "Diagnosed at outside hospital in 2019.\n", "ORGANIZATION", "outside hospital"),
    ("zh", "项目名称：胃癌多中心生物样本库建设项目\n", "ORGANIZATION", "生物样本库"),
]

test_found, test_left_alone = table_tests(FOUND, LEFT_ALONE)
