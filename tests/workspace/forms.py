"""Read a page's form the way a browser submits it, so tests post exactly what the page offers."""

from html.parser import HTMLParser


class _FormParser(HTMLParser):
    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.template_depth = 0
        self.fields = []
        self._textarea = None
        self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("id") == self.form_id:
            self.inside = True
        if not self.inside:
            return
        if tag == "template":
            self.template_depth += 1
        if self.template_depth:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.fields.append((name, attrs.get("value", "on")))
            elif kind not in ("submit", "button"):
                self.fields.append((name, attrs.get("value", "")))
        elif tag == "textarea" and name:
            self._textarea = [name, ""]
        elif tag == "select" and name:
            self._select = [name, None, None]
        elif tag == "option" and self._select is not None:
            value = attrs.get("value", "")
            if self._select[2] is None:
                self._select[2] = value
            if "selected" in attrs:
                self._select[1] = value

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if not self.inside:
            return
        if tag == "template":
            self.template_depth -= 1
        elif tag == "textarea" and self._textarea is not None:
            text = self._textarea[1]
            self.fields.append((self._textarea[0], text[1:] if text.startswith("\n") else text))
            self._textarea = None
        elif tag == "select" and self._select is not None:
            name, selected, first = self._select
            self.fields.append((name, selected if selected is not None else first or ""))
            self._select = None
        elif tag == "form":
            self.inside = False


def form_fields(html, form_id="plan-form"):
    """The (name, value) pairs the form ``form_id`` would submit, in document order."""
    parser = _FormParser(form_id)
    parser.feed(html if isinstance(html, str) else html.decode())
    return parser.fields


class FormData:
    """An editable copy of a form's fields (repeated names kept in order)."""

    def __init__(self, fields):
        self.fields = list(fields)

    def __getitem__(self, name):
        return next(value for key, value in self.fields if key == name)

    def __setitem__(self, name, value):
        self.fields = [(key, value if key == name else old) for key, old in self.fields]
        if not any(key == name for key, _old in self.fields):
            self.fields.append((name, value))

    def getlist(self, name):
        return [value for key, value in self.fields if key == name]

    def setlist(self, name, values):
        self.fields = [(key, value) for key, value in self.fields if key != name]
        self.fields.extend((name, value) for value in values)

    def names(self):
        return [key for key, _value in self.fields]

    def encode(self):
        """A dict of lists, as the test client posts repeated names."""
        data = {}
        for key, value in self.fields:
            data.setdefault(key, []).append(value)
        return data
