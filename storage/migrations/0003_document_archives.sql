-- 0003_document_archives: the archive version of a document, a searchable
-- PDF (each OCR'd page as its image with an invisible text layer, text-layer
-- pages copied from the original PDF), like OCRmyPDF makes. Written by the
-- store stage in its transaction when ocr.archive_pdf is on
-- (workers/ocr/searchable_pdf.h, storage/store_document.cc); one row per
-- document, replaced when the store stage runs again. `docflow archive ID`
-- exports it.

CREATE TABLE document_archives (
  document_id bigint      PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
  pdf         bytea       NOT NULL,
  sha256      text        NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  page_count  int         NOT NULL CHECK (page_count >= 1),
  byte_size   bigint      NOT NULL CHECK (byte_size > 0),
  created_at  timestamptz NOT NULL DEFAULT now()
);
