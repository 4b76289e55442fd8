"""Scanned and photographed documents: image decoding, pre-processing, OCR and lab-table parsing.

Stages, each in its own module: ``image_io`` (bytes → page images), ``preprocess`` (OpenCV
deskew / perspective / contrast, each switchable), ``ocr`` (RapidOCR PP-OCRv6 lines with boxes
and scores), ``table`` (rows and column bands from box geometry), ``columns`` (column roles),
``lab_rows`` (cells → lab results) and ``lab_report`` (the extractor). Heavy libraries
(OpenCV, RapidOCR, pypdfium2) are imported lazily so building an extractor stays cheap.
"""
