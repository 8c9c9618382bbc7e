"""Importing RIS and BibTeX: good entries are added, bad ones reported by line, nothing is ever added twice."""

import io

import pytest
from django.core.management import CommandError, call_command

from treatments.evidence.importing import import_text
from treatments.evidence.models import DOI_ERROR, Reference

pytestmark = pytest.mark.django_db

RIS = """TY  - JOUR
TI  - Exosomes after fractional CO2 laser for acne scars: a randomized, split-face study
AU  - Kwon, Hyuck Hoon
AU  - Yang, Seung Ho
PY  - 2020///
JO  - Acta Derm Venereol
DO  - 10.2340/00015555-3666
AN  - 33073298
ER  -

TY  - JOUR
TI  - A study with a broken DOI
DO  - not-a-doi
ER  -

TY  - JOUR
AU  - Nobody, Named
ER  -

TY  - JOUR
TI  - Exosomes and skin fibroblasts in vitro
AU  - Kim, Yoon Jin
PY  - 2017
UR  - https://example.org/kim-2017
ER  -
"""

BIBTEX = """@article{kwon2020,
  title = {Exosomes after fractional {CO2} laser for acne scars: a randomized, split-face study},
  author = {Kwon, Hyuck Hoon and Yang, Seung Ho},
  year = {2020},
  journal = {Acta Derm Venereol},
  doi = {10.2340/00015555-3666},
}

@article{broken,
  title = {Never closed,

@book{guideline,
  title = {Consensus guideline on regenerative aesthetics},
  publisher = {A College},
  year = 2024,
  pmid = {12345x}
}

@misc{ok,
  title = {Expert opinion on exosomes},
  author = {Reyes, Tomas},
  year = {2023}
}
"""


def test_ris_good_entries_are_imported_and_bad_ones_reported_by_line():
    report = import_text("pubmed.ris", RIS)
    assert [reference.title[:20] for reference in report.created] == ["Exosomes after fract", "Exosomes and skin fi"]
    assert [(problem.line, str(problem)) for problem in report.problems] == [
        (11, f"line 11: “A study with a broken DOI” skipped: DOI: {DOI_ERROR}"),
        (16, "line 16: “untitled” skipped: it has no title (TI in RIS, title in BibTeX)"),
    ]
    kwon = Reference.objects.get(doi="10.2340/00015555-3666")
    assert (kwon.authors, kwon.year, kwon.journal, kwon.pmid) == (
        "Kwon HH, Yang SH",
        2020,
        "Acta Derm Venereol",
        "33073298",
    )
    assert kwon.study_type == "randomised_trial", "the title says randomized: a first guess for the editor"
    assert Reference.objects.get(title__startswith="Exosomes and skin").study_type == "laboratory"


def test_importing_the_same_file_again_adds_nothing():
    import_text("pubmed.ris", RIS)
    again = import_text("pubmed.ris", RIS)
    assert (len(again.created), len(again.updated), len(again.unchanged)) == (0, 0, 2)
    assert Reference.objects.count() == 2


def test_bibtex_matches_what_ris_already_imported_by_doi_and_reports_bad_blocks_by_line():
    import_text("pubmed.ris", RIS)
    kwon = Reference.objects.get(doi="10.2340/00015555-3666")
    kwon.study_type, kwon.certainty = "randomised_trial", "low"
    kwon.save()
    report = import_text("library.bib", BIBTEX)
    assert [problem.line for problem in report.problems] == [9, 12]
    assert "could not be read" in str(report.problems[0])
    assert "PMID" in str(report.problems[1])
    assert [reference.title for reference in report.created] == ["Expert opinion on exosomes"]
    assert Reference.objects.filter(doi="10.2340/00015555-3666").count() == 1
    kwon.refresh_from_db()
    assert (kwon.study_type, kwon.certainty) == ("randomised_trial", "low"), "an editor's classification is kept"


def test_the_command_names_the_file_and_line_of_each_bad_entry_and_imports_the_rest(tmp_path):
    ris = tmp_path / "pubmed.ris"
    ris.write_text(RIS, encoding="utf-8")
    missing = tmp_path / "missing.bib"
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError, match="3 entries were skipped; the rest were imported"):
        call_command("import_references", str(missing), str(ris), stdout=out, stderr=err)
    assert f"{missing}: could not be read" in err.getvalue()
    assert f"{ris}: line 11:" in err.getvalue() and f"{ris}: line 16:" in err.getvalue()
    assert f"{ris}: 2 added, 0 updated, 0 already up to date, 2 skipped" in out.getvalue()
    assert Reference.objects.count() == 2


def test_a_file_in_neither_format_is_reported_not_guessed():
    report = import_text("notes.txt", "just some words")
    assert not report.created
    assert "neither an RIS file" in str(report.problems[0])


def test_editors_import_a_file_in_the_admin_and_read_what_was_skipped(client):
    from django.contrib.auth.models import User
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    client.force_login(User.objects.create_superuser("boss", "boss@example.com", "a-long-test-password"))
    upload = SimpleUploadedFile("pubmed.ris", RIS.encode(), content_type="application/x-research-info-systems")
    response = client.post(reverse("treatments_import_references"), {"file": upload})
    text = response.content.decode()
    assert response.status_code == 200
    assert "2 added, 0 updated, 0 already up to date, 2 skipped" in text
    assert "line 11: “A study with a broken DOI” skipped" in text
    assert Reference.objects.count() == 2


def test_someone_who_may_not_add_references_cannot_import(client):
    from django.contrib.auth.models import Group, User
    from django.urls import reverse

    editor = User.objects.create_user("eddie", "eddie@example.com", "a-long-test-password")
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    response = client.get(reverse("treatments_import_references"))
    assert response.status_code in (302, 403)
