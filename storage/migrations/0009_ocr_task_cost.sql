-- 0009_ocr_task_cost: the pages of a document are handed to OCR workers
-- longest first (longest-processing-time scheduling), so that two workers
-- finish a document together instead of one waiting on the other's last,
-- longest page. The cost is an estimate made from the preprocessed page: its
-- count of glyph-sized components (the text Tesseract will read) scaled by
-- the area factor of any upscaling.
ALTER TABLE ocr_tasks ADD COLUMN cost double precision NOT NULL DEFAULT 0;
