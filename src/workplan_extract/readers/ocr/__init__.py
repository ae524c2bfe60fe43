"""OCR of scanned pages: page images and image-only PDFs read into the neutral model.

``scan`` holds the readers (``read_image``, ``read_scanned_pdf``, and ``merge_scanned`` for a
PDF with both kinds of page); the other modules each do one step, in the order they run:
``images`` (page images at 300 dpi, under the pixel limits), ``clean`` (ink, skew, dust),
``ruling`` (ruled tables), ``tesseract`` (the program), ``lines`` (words into lines), ``page``
(one page), ``assemble`` (pages into tables and paragraphs) and ``suspects`` (words that look
misread). Needs the ``ocr`` extra (OpenCV) and the Tesseract program.
"""
