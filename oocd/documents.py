"""Checks on the signed disposal document: its content, not its name, decides its type."""

import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

PDF_MAGIC = b"%PDF-"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
JPEG_MAGIC = b"\xff\xd8\xff"


def check_signed_document(document: UploadedFile) -> str:
    """The document's content type (PDF, JPEG or PNG), or a ValidationError on ``signed_document``."""
    limit = settings.OOCD_DOCUMENT_MAX_BYTES
    if document.size is None or document.size == 0:
        raise ValidationError({"signed_document": "The selected file is empty"})
    if document.size > limit:
        raise ValidationError({"signed_document": f"The selected file must be smaller than {_size(limit)}"})
    document.seek(0)
    head = document.read(16)
    document.seek(0)
    if head.startswith(PDF_MAGIC):
        return _checked_pdf(document)
    if head.startswith(PNG_MAGIC) or head.startswith(JPEG_MAGIC):
        return _checked_image(document)
    raise ValidationError({"signed_document": "The selected file must be a PDF, JPEG or PNG"})


def _size(limit: int) -> str:
    """A limit as people read it: a whole number of MB, or KB below 1MB (not "0MB")."""
    if limit >= 1024 * 1024:
        return f"{limit / (1024 * 1024):g}MB"
    return f"{limit // 1024}KB" if limit >= 1024 else f"{limit} bytes"


def _checked_pdf(document: UploadedFile) -> str:
    """A PDF that a reader can open: its objects parse and every page's content decodes."""
    from pypdf import PdfReader

    damaged = ValidationError({"signed_document": "The selected PDF is damaged or incomplete"})
    document.seek(max(document.size - 1024, 0))
    tail = document.read()
    document.seek(0)
    if b"%%EOF" not in tail:
        raise damaged
    try:
        reader = PdfReader(document, strict=False)
        if reader.is_encrypted and not _opened_without_password(reader):
            raise ValidationError({"signed_document": "The selected PDF must not be password protected"})
        pages = reader.pages
        if len(pages) == 0:
            raise damaged
        for page in pages:
            page.get_contents()
    except ValidationError:
        raise
    except Exception as error:  # a damaged file can fail anywhere inside the parser
        raise damaged from error
    finally:
        document.seek(0)
    return "application/pdf"


def _opened_without_password(reader) -> bool:
    """An encrypted PDF that opens with an empty password (restrictions only) can still be read."""
    try:
        return bool(reader.decrypt(""))
    except Exception:  # e.g. AES, whose decryption needs a package not installed
        return False


def _checked_image(document: UploadedFile) -> str:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(document) as image:
            image.verify()
            kind = image.format
    except (UnidentifiedImageError, OSError, SyntaxError) as error:
        raise ValidationError({"signed_document": "The selected image is damaged or not a JPEG or PNG"}) from error
    finally:
        document.seek(0)
    if kind not in {"JPEG", "PNG"}:
        raise ValidationError({"signed_document": "The selected file must be a PDF, JPEG or PNG"})
    return "image/jpeg" if kind == "JPEG" else "image/png"


def content_hash(document: UploadedFile) -> str:
    """The SHA-256 of the document's bytes, as hex."""
    digest = hashlib.sha256()
    document.seek(0)
    for chunk in document.chunks():
        digest.update(chunk)
    document.seek(0)
    return digest.hexdigest()
