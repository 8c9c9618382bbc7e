"""Test photos drawn with Pillow, carrying the metadata a phone camera writes (GPS, serial, dates, XMP, IPTC)."""

import io
import struct

from PIL import Image

GPS_IFD, EXIF_IFD = 0x8825, 0x8769
SECRETS = [b"SN-998877", b"ACME PhoneCam", b"2024:03:01 10:11:12", b"Jane Doe", b"Photoshop 3.0", b"xmpmeta"]


def camera_exif(orientation=1):
    exif = Image.Exif()
    exif[0x010F] = "ACME PhoneCam"  # Make
    exif[0x0132] = "2024:03:01 10:11:12"  # DateTime
    exif[0x0112] = orientation
    exif.get_ifd(EXIF_IFD)[0xA431] = "SN-998877"  # BodySerialNumber
    gps = exif.get_ifd(GPS_IFD)
    gps[1], gps[2] = "N", (51.0, 30.0, 12.5)
    gps[3], gps[4] = "W", (0.0, 7.0, 39.0)
    return exif


def with_iptc(jpeg):
    """Insert an APP13 (Photoshop/IPTC) segment naming the patient right after the JPEG's SOI marker."""
    payload = b"Photoshop 3.0\x008BIM\x04\x04\x00\x00\x00\x00\x00\x0c\x1c\x02\x05\x00\x08Jane Doe"
    segment = b"\xff\xed" + struct.pack(">H", len(payload) + 2) + payload
    return jpeg[:2] + segment + jpeg[2:]


def camera_jpeg(width=300, height=200, orientation=1):
    image = Image.new("RGB", (width, height), (200, 120, 90))
    image.paste((40, 60, 200), (0, 0, width // 3, height))  # a marker on the left edge to check rotation
    buffer = io.BytesIO()
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:Description>Jane Doe</rdf:Description></x:xmpmeta>'
    image.save(buffer, "JPEG", exif=camera_exif(orientation), comment=b"Jane Doe", xmp=xmp, quality=90)
    return with_iptc(buffer.getvalue())


def png_with_text():
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Jane Doe")
    buffer = io.BytesIO()
    Image.new("RGB", (120, 80), (10, 200, 10)).save(buffer, "PNG", pnginfo=info, exif=camera_exif())
    return buffer.getvalue()


def assert_no_metadata(data):
    """No EXIF, XMP, IPTC, comment or text chunk, and none of the private strings anywhere in the bytes."""
    for secret in SECRETS:
        assert secret not in data, secret
    with Image.open(io.BytesIO(data)) as image:
        assert not image.getexif(), dict(image.getexif())
        for key in ("exif", "xmp", "XML:com.adobe.xmp", "photoshop", "comment"):
            assert not image.info.get(key), key
        assert not getattr(image, "text", None)
        assert not {marker for marker, _ in getattr(image, "applist", [])} & {"APP1", "APP13", "COM"}
