"""The preview draws an image occlusion card's masks over its image, as Anki's reviewer does."""

from __future__ import annotations

from ankismith.preview.occlusion import ACTIVE, INACTIVE, occlusion_side

FIELDS = {
    "Occlusion": (
        "{{c1::image-occlusion:rect:left=.1:top=.2:width=.3:height=.1:oi=1}}<br>"
        "{{c2::image-occlusion:ellipse:left=.5:top=.5:rx=.1:ry=.05:oi=1}}<br>"
        "{{c2::image-occlusion:polygon:left=.4:top=.05:points=.4,.05 .55,.05 .5,.2:oi=1}}<br>"
        "{{c0::image-occlusion:text:left=.45:top=.92:text=A &lt;b&gt;\\: c:scale=1.:oi=1}}<br>"
    ),
    "Image": '<img src="heart.png">',
    "Header": "Which chamber?",
    "Back Extra": "<p>Four chambers.</p>",
}


def test_the_front_hides_the_group_asked_and_with_oi_the_others() -> None:
    front = occlusion_side(FIELDS, 2, back=False)
    assert front.startswith("<div>Which chamber?</div>")
    assert '<img src="heart.png">' in front
    assert "left:10%;top:20%;width:30%;height:10%" in front
    assert f"background:{INACTIVE}" in front  # group 1, hidden too: hide all, guess one
    assert "left:50%;top:50%;width:20%;height:10%" in front and "border-radius:50%" in front
    assert f'<polygon points=".4,.05 .55,.05 .5,.2" style="fill:{ACTIVE}' in front
    assert "A &lt;b&gt;: c</span>" in front  # text masks show on every card, as text
    assert "Four chambers" not in front


def test_the_back_outlines_the_group_asked_and_shows_back_extra() -> None:
    back = occlusion_side(FIELDS, 1, back=True)
    assert f"background:transparent;border:1px solid {ACTIVE}" in back
    assert back.endswith("<div><p>Four chambers.</p></div>")


def test_hide_one_guess_one_leaves_the_other_groups_uncovered() -> None:
    one = {**FIELDS, "Occlusion": FIELDS["Occlusion"].replace(":oi=1", "")}
    front = occlusion_side(one, 1, back=False)
    assert INACTIVE not in front and "<polygon" not in front
    assert front.count('class="io-mask"') == 1
