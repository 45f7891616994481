"""The theme shell that catalog pages are filled into (shell.py)."""

from generator.shell import Shell, squeeze


def test_squeeze_drops_indentation_but_keeps_a_line_break():
    """Indentation and blank lines between tags go; one line break stays in their place."""
    assert squeeze("<div>\n    <p>a  b\n   </p>\n\n   </div>") == "<div>\n<p>a  b\n</p>\n</div>"


def test_squeeze_leaves_scripts_pre_and_textareas_alone():
    """Inline scripts keep every byte (their CSP hashes), and so do pre and textarea."""
    html = "<div>\n  <script>\n  var a = 1;\n  </script>\n  <pre>x\n    y</pre>\n <textarea>\n  t</textarea>\n"
    assert squeeze(html) == "<div>\n<script>\n  var a = 1;\n  </script>\n<pre>x\n    y</pre>\n<textarea>\n  t</textarea>\n"


def test_squeeze_keeps_words_apart():
    """Text that ran over a line break keeps a break between its words."""
    assert squeeze("<p>one\n     two</p>") == "<p>one\n     two</p>"
    assert squeeze("<b>one</b>\n   <b>two</b>") == "<b>one</b>\n<b>two</b>"


def test_filled_shell_escapes_title_and_keeps_body():
    """Title and description are escaped into the shell; the body is placed as given."""
    shell = Shell("<html>\n   <title>@@RN-TITLE@@</title>\n  <main><!-- <h1> -->@@RN-CONTENT@@</main>\n</html>")
    page = shell.fill('<b>"x"</b>', "d", "<p>body</p>", "")
    assert page == '<html>\n<title>&lt;b&gt;&quot;x&quot;&lt;/b&gt;</title>\n<main><p>body</p></main>\n</html>'


def test_a_bundle_marker_becomes_the_bundles_path_and_a_shared_file():
    """A script tag's bundle marker is replaced by the path the bundler gives, whose bytes the shell keeps."""
    asked = []

    def bundler(names):
        asked.append(names)
        return "assets/navigator/shared/bundle-0123456789ab.js", b"a();\n;\n"
    html = ('<html><title>@@RN-TITLE@@</title><main><!-- <h1> -->@@RN-CONTENT@@</main>'
            '<script defer src="../../@@RN-BUNDLE:list-strings list.js page.js@@"></script></html>')
    shell = Shell(html, bundler=bundler)
    assert asked == [["list-strings", "list.js", "page.js"]]
    page = shell.fill("t", "d", "<p>x</p>", "")
    assert '<script defer src="../../assets/navigator/shared/bundle-0123456789ab.js"></script>' in page
    assert shell.assets == {"assets/navigator/shared/bundle-0123456789ab.js": b"a();\n;\n"}


def test_a_bundle_marker_without_a_bundler_is_an_error():
    """A theme that bundles files in a shell made without a bundler fails instead of linking nothing."""
    import pytest
    with pytest.raises(ValueError, match="bundles files"):
        Shell('<title>@@RN-TITLE@@</title>@@RN-CONTENT@@<script src="@@RN-BUNDLE:page.js@@"></script>')
