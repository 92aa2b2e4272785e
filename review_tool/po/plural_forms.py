"""Plural-Forms header values for new PO files.

A PO file written without the right ``Plural-Forms`` header compiles, but picks the
wrong plural form at run time (or fails ``msgfmt --check`` once plural entries carry
the number of forms the language really has).  The values below are the ones the GNU
gettext manual and the usual translation platforms use; keep them byte-identical to
what translators expect to see, because tools compare them as strings.
"""

from __future__ import annotations

DEFAULT_PLURAL_FORMS = "nplurals=2; plural=(n != 1);"

_ONE = "nplurals=1; plural=0;"
_TWO = DEFAULT_PLURAL_FORMS
_TWO_ZERO_ONE = "nplurals=2; plural=(n > 1);"
_EAST_SLAVIC = (
    "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : "
    "n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);"
)
_POLISH = "nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);"
_CZECH = "nplurals=3; plural=(n==1 ? 0 : (n>=2 && n<=4) ? 1 : 2);"
_SLOVENIAN = "nplurals=4; plural=(n%100==1 ? 0 : n%100==2 ? 1 : n%100==3 || n%100==4 ? 2 : 3);"
_LITHUANIAN = (
    "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && (n%100<10 || n%100>=20) ? 1 : 2);"
)
_LATVIAN = "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n != 0 ? 1 : 2);"
_ROMANIAN = "nplurals=3; plural=(n==1 ? 0 : (n==0 || (n%100 > 0 && n%100 < 20)) ? 1 : 2);"
_IRISH = "nplurals=5; plural=(n==1 ? 0 : n==2 ? 1 : (n>2 && n<7) ? 2 : (n>6 && n<11) ? 3 : 4);"
_ARABIC = (
    "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : "
    "n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5);"
)
_WELSH = "nplurals=4; plural=(n==1 ? 0 : n==2 ? 1 : (n != 8 && n != 11) ? 2 : 3);"
_ICELANDIC = "nplurals=2; plural=(n%10 != 1 || n%100 == 11);"  # also Macedonian

_GROUPS: tuple[tuple[str, str], ...] = (
    ("ja zh ko vi th id ms lo km my jv su", _ONE),
    (
        "en de nl sv da no nb nn fo fy lb af fi et hu it es pt ca gl eu el bg tr az kk ky uz "
        "he eo sq ur bn ta te ml kn mr gu pa ne si sw mn hy ka",
        _TWO,
    ),
    ("fr pt_BR fa hi oc br ln ti wa fil", _TWO_ZERO_ONE),
    ("ru uk be sr hr bs", _EAST_SLAVIC),
    ("pl", _POLISH),
    ("cs sk", _CZECH),
    ("sl", _SLOVENIAN),
    ("lt", _LITHUANIAN),
    ("lv", _LATVIAN),
    ("ro", _ROMANIAN),
    ("ga", _IRISH),
    ("ar", _ARABIC),
    ("cy", _WELSH),
    ("is mk", _ICELANDIC),
)
_TABLE: dict[str, str] = {lang: rule for langs, rule in _GROUPS for lang in langs.split()}


def _normalise(lang: str) -> tuple[str, str | None]:
    """``pt-br.UTF-8@latin`` -> (``pt``, ``BR``); the region may be None."""
    tag = lang.strip().split(".", 1)[0].split("@", 1)[0].replace("-", "_")
    base, _, region = tag.partition("_")
    base = base.lower()
    if not region:
        return base, None
    # Script subtags (zh_Hant) are title case, regions upper case.
    region = region.split("_", 1)[0]
    return base, region.title() if len(region) == 4 else region.upper()


def plural_forms(lang: str) -> str:
    """The gettext ``Plural-Forms`` value for ``lang`` (``de``, ``pt_BR``, ``sr@latin``, ``zh-TW``).

    Region and script variants fall back to the base language; unknown languages get
    the two-form English rule.
    """
    base, region = _normalise(lang)
    if region is not None:
        found = _TABLE.get(f"{base}_{region}")
        if found is not None:
            return found
    return _TABLE.get(base, DEFAULT_PLURAL_FORMS)


def nplurals(plural_forms_value: str | None) -> int | None:
    """The ``nplurals`` number of a Plural-Forms value, or None when it has none."""
    if not plural_forms_value:
        return None
    for part in plural_forms_value.split(";"):
        key, _, value = part.partition("=")
        if key.strip() == "nplurals":
            try:
                number = int(value.strip())
            except ValueError:
                return None
            return number if number > 0 else None
    return None
