from core.diff import diff_rows, inline_diff, paragraphs


def test_paragraphs_are_the_text_of_each_block():
    html = "<h2>Agenda</h2><ul><li>Welcome</li><li>Talks</li></ul><p>Lunch &amp; chat</p>"
    assert paragraphs(html) == ["Agenda", "Welcome", "Talks", "Lunch & chat"]


def test_a_changed_name_reads_as_one_change_marked_without_relying_on_colour():
    marked = inline_diff("Welcome - Steve Dale", "Welcome - Dave Briggs")
    assert marked == (
        'Welcome - <del class="diff__removed"><span class="visually-hidden">[removed: </span>'
        'Steve Dale<span class="visually-hidden">]</span></del><ins class="diff__added">'
        '<span class="visually-hidden">[added: </span>Dave Briggs<span class="visually-hidden">]'
        "</span></ins>"
    )


def test_member_text_in_a_diff_is_escaped():
    rows = diff_rows("<p>Hello</p>", "<p>Hello &lt;script&gt;alert(1)&lt;/script&gt;</p>")
    assert "<script>" not in str(rows[0].html) and "&lt;script&gt;" in str(rows[0].html)


def test_long_unchanged_stretches_are_folded():
    same = "".join(f"<p>Line {n}</p>" for n in range(10))
    rows = diff_rows(same + "<p>Old end</p>", same + "<p>New end</p>")
    assert [row.kind for row in rows] == ["skipped", "same", "changed"]
    assert rows[0].skipped == 9


def test_identical_texts_have_no_diff():
    assert diff_rows("<p>Same</p>", "<p>Same</p>") == []
