"""Laboratory informatics and genomics output (session 20, branch gen30): the grammar of a sequencing run, a variant
file, an alignment header, a flow cytometry file and a slide scanner names loci, genome builds, flowcells, tool
versions, FCS keywords and image sizes, no patient; a laboratory's instruments, probes and QC material, a run's
controls, a seal's, a test's and a policy's number are no PHI either. Recall: an age of 90 or more right after the sex
in a delimited row, a numbered route as a street, a health plan named by its kind.

Every text here is invented for this file.
"""
from __future__ import annotations

import pytest

from tests.deid_helpers import overlaps, spans, table_tests


@pytest.mark.parametrize("lang, text, value", [
    # genomic coordinates, in prose, a table and a VCF row
    ("zh", "检出 BRAF p.V600E 突变，位置 chr7:140731992，VAF 18.4%。", "140731992"),
    ("en", "| KRAS | p.G12C | chr12:25227341 | 31.0% | IA |\n", "25227341"),
    ("en", "#CHROM\tPOS\tID\tREF\tALT\nchr3\t178938117\t.\tA\tG\t.\tPASS\n", "178938117"),
    ("en", "2023-02-11 09:14:55 INFO variant EGFR L861Q at chr7:55191040 (VAF 9.9%)\n", "55191040"),
    # contig lengths and builds
    ("en", "@SQ\tSN:chr2\tLN:242193529\n@SQ\tSN:chr9\tLN:138394717\n", "242193529"),
    ("en", "@SQ\tSN:chr2\tLN:242193529\n@SQ\tSN:chr9\tLN:138394717\n", "chr9"),
    ("en", "##contig=<ID=chr12,length=133275309>\n", "133275309"),
    ("en", "##reference=GRCh37 (hg19, GCA_000001405.1)\n", "GRCh37"),
    ("en", "##reference=GRCh37 (hg19, GCA_000001405.1)\n", "GCA_000001405.1"),
    ("zh", "[2024-05-02 10:00:01] INFO  比对参考 ref=GRCh38.p13 线程 32\n", "GRCh38"),
    # tool versions and SAM machinery
    ("en", "##source=Strelka2 2.9.0.0\n", "2.9.0.0"),
    ("en", "@PG\tID:bqsr\tPN:gatk\tVN:4.3.0.0\n", "4.3.0.0"),
    ("en", "@RG\tID:K7731BBX9.2\tSM:QX23-55120\tPL:ILLUMINA\tPU:K7731BBX9.2.TTGACCAG\n", "K7731BBX9.2.TTGACCAG"),
    ("en", "@RG\tID:K7731BBX9.2\tSM:QX23-55120\tPL:ILLUMINA\tPU:K7731BBX9.2.TTGACCAG\n", "K7731BBX9"),
    # FCS keywords, image sizes, a scanner's and an analyser's own serials
    ("en", "$BTIM=09:12:00\n$PAR=10\n$TOT=250000\n$CYTSN=Q40417\n", "250000"),
    ("en", "$BTIM=09:12:00\n$PAR=10\n$TOT=250000\n$CYTSN=Q40417\n", "Q40417"),
    ("en", "Aperio Image Library v11.2.1\n 61000x44210 [0,80 60900x44130] (240x240) JPEG/RGB Q=80|AppMag = 40\n", "61000x44210"),
    ("en", "Aperio Image Library v11.2.1\n 61000x44210 [0,80 60900x44130] (240x240) JPEG/RGB Q=80|AppMag = 40\n", "240x240"),
    ("en", "|AppMag = 40|ScanScope ID = SC4410|Filename = Q77\n", "SC4410"),
    ("zh", "检测平台：流式细胞仪（仪器SN K55310，为本院设备）\n", "K55310"),
    ("zh", "# 操作员 李某  仪器SN 9100B-44012  质控 LOT 88120\n", "9100B-44012"),
    ("zh", "# 操作员 李某  仪器SN 9100B-44012  质控 LOT 88120\n", "88120"),
    # sample sheet indexes and controls, probes and laboratory paperwork
    ("en", "QX23-1-T,PARK_J,PL210,A01,UDI0017,CCTTAGGA,UDI0017,AGTCAATG,Panel\n", "0017"),
    ("zh", "3\tNTC-7781\t-\tAACCGGTT\t无模板对照\n4\tHD789\t-\tGGTTAACC\t参考品\n", "NTC-7781"),
    ("zh", "3\tNTC-7781\t-\tAACCGGTT\t无模板对照\n4\tHD789\t-\tGGTTAACC\t参考品\n", "HD789"),
    ("en", "Probe: MYC (8q24)/CEP8 dual color, lot 551290, exp 2026-02-01\n", "551290"),
    ("en", "Cooler closed. Tamper seal #903317 intact.\n", "903317"),
    ("en", "  Test code 4410023 (MLH1 promoter methylation)\n", "4410023"),
    ("en", "Handled per SOP QA-PR-207 v3.\n", "QA-PR-207"),
    # a laboratory table's verdicts and specimen kinds
    ("zh", "编号\t结果A\t结果B\t判定\n5101\t阳性\t阳性\t符合\n5102\t阴性\t阴性\t符合\n", "符合"),
    ("zh", "| Q1-77-N | 林** | 全血 | 91.2 | 1.85 |\n| Q1-78-N | 林** | 全血 | 90.0 | 1.80 |\n", "全血"),
    # a sample sheet's keys under a first row read as a header, a program's name before its version, a transplant role
    ("en", "[Header]\nInvestigator Name,Rosa Quill\nExperiment Name,RUN-0711-2\nWorkflow,GenerateFASTQ\nChemistry,Amplicon\n", "Workflow"),
    ("en", "[Header]\nInvestigator Name,Rosa Quill\nExperiment Name,RUN-0711-2\nWorkflow,GenerateFASTQ\nChemistry,Amplicon\n", "Chemistry"),
    ("en", "[Header]\nInvestigator Name,Rosa Quill\nExperiment Name,RUN-0711-2\nWorkflow,GenerateFASTQ\nChemistry,Amplicon\n", "Experiment Name"),
    ("en", "ImageDescription: Northwind Image Library v11.2.1\n", "Northwind Image Library"),
    ("en", "Recipient Quill, Rosa | DOB 02 Feb 1962\nRecipient contact: (555) 010-4477\n", "Recipient"),
])
def test_laboratory_machinery_is_no_phi(detector, lang, text, value):
    assert not overlaps(detector, text, lang, value), spans(detector, text, lang)


FOUND = [
    ("zh", "73300112,5521908,韩某某,女,97,WBC,2.1,10^9/L,3.5-9.5,L\n", "AGE", "97"),
    ("en", "QX-11,L77120,DOE,JANE,F,92,HGB,8.8,g/dL\n", "AGE", "92"),
    ("en", "Northbrook Cancer Center, 18 Route 46 West, Lakeview, NJ 07011\n", "ADDRESS", "18 Route 46 West"),
    ("en", "Return to:\n240 State Route 17\nSpringfield, OH 45501\n", "ADDRESS", "240 State Route 17"),
    ("en", "Insurance: Granite Benefit Plans ID GBP5512003\n", "ORGANIZATION", "Granite Benefit Plans"),
    ("en", "BILLING\n  Cedar Ridge HMO member CRH7731002\n", "ORGANIZATION", "Cedar Ridge HMO"),
    # the patient's own numbers beside the machinery stay
    ("en", "@RG\tID:K7731BBX9.2\tSM:QX23-55120\tPL:ILLUMINA\n", "RECORD_NUMBER", "QX23-55120"),
    ("en", "Port: implanted port SN PX44120917, lot PL7781\n", "DEVICE_ID", "PX44120917"),
    ("en", "Remote access from 172.16.44.19 logged.\n", "CONTACT", "172.16.44.19"),
    ("en", "Recipient Quill, Rosa | DOB 02 Feb 1962\nRecipient contact: (555) 010-4477\n", "NAME", "Quill, Rosa"),
    # an insurance policy's number stays the patient's; a run folder's date is a DATE, its machinery is not PHI
    ("en", "Travel insurer: Harborline Assurance  Policy No. TRV88123401\n", "ID_NUMBER", "TRV88123401"),
    ("en", "Policy #: QX-4471-22\n", "ID_NUMBER", "QX-4471-22"),
    ("zh", "# 测序样本表  Run: 210817_A00991_0412_AHKW3FDSX2\n", "DATE", "210817"),
    # an age after a name with a bracketed identifier after it; a hospital's code before its MRN or after Institution =
    ("en", "Sample QX22-01111 belongs to R. Quill, 97 (NWGH MRN 81120001). Reviewed.\n", "AGE", "97"),
    ("en", "Sample QX22-01111 belongs to R. Quill, 97 (NWGH MRN 81120001). Reviewed.\n", "ORGANIZATION", "NWGH"),
    ("en", "Compression = JPEG|AppMag = 40|Institution = KRMC\nLabel barcode: x\n", "ORGANIZATION", "KRMC"),
    ("en", "[Header]\nInvestigator Name,Rosa Quill\nWorkflow,GenerateFASTQ\n", "NAME", "Rosa Quill"),
]
LEFT_ALONE = [
    ("zh", "73300112,5521908,韩某某,女,67,WBC,2.1,10^9/L,3.5-9.5,L\n", "AGE", "67"),
    ("en", "HGB,M,96.5,g/L\n", "AGE", "96"),
    ("en", "Take Route 9 north for 2 miles.\n", "ADDRESS", "Route 9"),
    ("en", "Member chose the Gold PPO option.\n", "ORGANIZATION", "Gold PPO"),
    ("zh", "致 血液科：标本送至分子实验室复核。\n", "ORGANIZATION", "分子实验室"),
    ("zh", "# 测序样本表  Run: 210817_A00991_0412_AHKW3FDSX2\n", "RECORD_NUMBER", "A00991_0412_AHKW3FDSX2"),
    ("en", "QC SUMMARY — run 190304_NB500123_0077_AHV2LKBGXB\n", "RECORD_NUMBER", "NB500123_0077_AHV2LKBGXB"),
    ("en", "Dose reduced for Jo Roe, 95 (BID).\n", "AGE", "95"),
    ("en", "Merged: EMPI MRN 81120001 into the survivor.\n", "ORGANIZATION", "EMPI"),
    ("en", "Institution: ICU\n", "ORGANIZATION", "ICU"),
]
test_found, test_left_alone = table_tests(FOUND, LEFT_ALONE)
