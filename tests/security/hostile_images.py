"""One hostile JPEG, built here, and a reader of every stored byte: the evidence for "no tag and no name"."""

import io
import os
import struct
from pathlib import Path

from django.conf import settings
from PIL import ExifTags, Image

PATIENT_FILE_NAME = "jane-doe-before.jpg"
# Each string is written into exactly one kind of metadata, so a failure names what survived.
SECRETS = {
    b"AcmeOptics": "EXIF Make",
    b"PhoneCam-Z9": "EXIF Model",
    b"Artist Jane Doe": "EXIF Artist",
    b"SN4471XQ": "EXIF body serial number",
    b"IptcByline Jane Doe": "IPTC by-line",
    b"IptcCaption patient before treatment": "IPTC caption",
    b"XmpCreator Jane Doe": "XMP creator",
    b"XmpDescription patient cheek": "XMP description",
    b"CommentSecret Jane Doe": "JPEG comment",
    b"ThumbSecret": "embedded EXIF thumbnail",
    b"Photoshop 3.0": "APP13 (IPTC) segment",
    b"xmpmeta": "XMP packet",
    b"Exif\x00\x00": "EXIF block",
    b"eXIf": "PNG EXIF chunk",
}
NAME_PARTS = ("jane", "doe", "before")
GPS_POSITION = {1: "N", 2: (51.0, 30.0, 12.5), 3: "W", 4: (0.0, 7.0, 39.0)}

XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    b'<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/">'
    b"<dc:creator><rdf:Seq><rdf:li>XmpCreator Jane Doe</rdf:li></rdf:Seq></dc:creator>"
    b'<dc:description><rdf:Alt><rdf:li xml:lang="x-default">XmpDescription patient cheek</rdf:li></rdf:Alt>'
    b"</dc:description></rdf:Description></rdf:RDF></x:xmpmeta>"
)


def _thumbnail():
    buffer = io.BytesIO()
    Image.new("RGB", (16, 12), (200, 150, 120)).save(buffer, "JPEG", comment=b"ThumbSecret")
    return buffer.getvalue()


def _exif_with_thumbnail():
    """EXIF with Make/Model/Artist, a serial number, a GPS position and an IFD1 thumbnail, as cameras write."""
    exif = Image.Exif()
    exif[0x010F] = "AcmeOptics"
    exif[0x0110] = "PhoneCam-Z9"
    exif[0x013B] = "Artist Jane Doe"
    exif.get_ifd(ExifTags.IFD.Exif)[0xA431] = "SN4471XQ"
    exif.get_ifd(ExifTags.IFD.GPSInfo).update(GPS_POSITION)
    tiff = bytearray(exif.tobytes()[6:])  # without the "Exif\0\0" prefix
    endian = "<" if tiff[:2] == b"II" else ">"
    ifd0 = struct.unpack(endian + "L", tiff[4:8])[0]
    entries = struct.unpack(endian + "H", tiff[ifd0 : ifd0 + 2])[0]
    next_ifd_at = ifd0 + 2 + 12 * entries
    while len(tiff) % 2:
        tiff += b"\0"
    ifd1 = len(tiff)
    thumbnail = _thumbnail()
    thumbnail_at = ifd1 + 2 + 2 * 12 + 4
    tiff[next_ifd_at : next_ifd_at + 4] = struct.pack(endian + "L", ifd1)
    tiff += struct.pack(endian + "H", 2)
    tiff += struct.pack(endian + "HHLL", 0x0201, 4, 1, thumbnail_at)  # JPEGInterchangeFormat
    tiff += struct.pack(endian + "HHLL", 0x0202, 4, 1, len(thumbnail))  # JPEGInterchangeFormatLength
    tiff += struct.pack(endian + "L", 0) + thumbnail
    return b"Exif\x00\x00" + bytes(tiff)


def _iptc_segment():
    def dataset(number, value):
        return b"\x1c\x02" + bytes([number]) + struct.pack(">H", len(value)) + value

    iptc = dataset(80, b"IptcByline Jane Doe") + dataset(120, b"IptcCaption patient before treatment")
    resource = b"8BIM\x04\x04\x00\x00" + struct.pack(">L", len(iptc)) + iptc + b"\x00" * (len(iptc) % 2)
    payload = b"Photoshop 3.0\x00" + resource
    return b"\xff\xed" + struct.pack(">H", len(payload) + 2) + payload


def hostile_jpeg(width=96, height=64):
    """A JPEG carrying every kind of metadata a camera, a phone or an editing app writes."""
    image = Image.new("RGB", (width, height), (190, 130, 110))
    image.paste((60, 80, 200), (0, 0, width // 4, height))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=_exif_with_thumbnail(), xmp=XMP, comment=b"CommentSecret Jane Doe", quality=92)
    data = buffer.getvalue()
    return data[:2] + _iptc_segment() + data[2:]


def storage_roots():
    """MEDIA_ROOT and every other folder a storage of this project writes to."""
    names = {name for name in dir(settings) if name.endswith("MEDIA_ROOT")}
    return sorted({Path(getattr(settings, name)).resolve() for name in names if getattr(settings, name, None)})


def stored_files():
    files = []
    for root in storage_roots():
        for folder, _dirs, names in os.walk(root):
            files.extend(Path(folder) / name for name in names)
    return files


def leaks_in(path):
    """What of the hostile upload survives in one stored file: metadata strings, EXIF, or the patient's name."""
    found = [f"name part {part!r} in {path.name}" for part in NAME_PARTS if part in str(path).lower()]
    data = path.read_bytes()
    found += [f"{label} ({secret!r})" for secret, label in SECRETS.items() if secret in data]
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.getexif():
                found.append(f"EXIF tags {dict(image.getexif())}")
            found += [f"info[{key!r}]" for key in ("exif", "xmp", "photoshop", "comment") if image.info.get(key)]
            if getattr(image, "text", None):
                found.append(f"text chunks {image.text}")
    except OSError:
        pass  # not an image: the byte search above is what counts
    return found


def assert_nothing_stored_leaks():
    files = stored_files()
    assert files, "nothing was stored at all"
    leaks = {str(path): found for path in files if (found := leaks_in(path))}
    assert not leaks, leaks
    return files
