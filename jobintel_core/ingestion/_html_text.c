/* HTML to readable text in one native call: the "markup way" of jobintel_core/ingestion/text.py.
 *
 * Why C: in Python a ~80-word description took ~65 us (regex passes to mark block edges, the
 * lexbor parse through selectolax, whitespace folding), against ~15 us for lexbor's parse alone.
 * This file does the same steps over the UTF-8 bytes, with no Python object per step. It is the
 * same algorithm as the Python it replaced, which is kept as the reference the tests hold it to
 * (tests/core/ingestion/text_reference.py), on every frozen description and on generated markup.
 *
 * Why lexbor through selectolax: selectolax already ships lexbor, compiled into its extension
 * module with lexbor's C API exported (its own Cython calls lexbor by those names). We look the
 * seven functions we need up in that loaded module with dlsym, so this parser is the very build
 * the rest of JobIntel parses with, and nothing of lexbor is vendored or compiled here. Only
 * lexbor's public API is used (the *_noi functions are its entry points for bindings); no struct
 * layout is assumed. If a function cannot be found, importing this module fails, naming it.
 *
 * Steps, each the Python step it replaces:
 *   1. drop control characters and our two sentinels from the markup (repair_encoding, .replace);
 *   2. tree-sensitive markup (tables, scripts, ...) is left to Python, which marks it in the tree;
 *   3. a block-edge sentinel before block tags, an item sentinel before <li> (_BREAK_BEFORE,
 *      _ITEM_BEFORE: the same names, the same case folding as Python's re.IGNORECASE);
 *   4. parse as a whole document, the body's text (LexborHTMLParser(...).body.text());
 *   5. fold whitespace into lines and place the item markers (normalize_whitespace).
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <dlfcn.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct lxb_html_document lxb_html_document_t; /* opaque */
typedef struct lxb_dom_node lxb_dom_node_t;           /* opaque */
typedef struct lxb_dom_document lxb_dom_document_t;   /* opaque: an HTML document begins with one */
typedef unsigned int lxb_status_t;

static lxb_html_document_t *(*document_create)(void);
static lxb_html_document_t *(*document_destroy)(lxb_html_document_t *);
static void (*document_clean)(lxb_html_document_t *);
static lxb_status_t (*document_parse)(lxb_html_document_t *, const unsigned char *, size_t);
static lxb_dom_node_t *(*document_body)(lxb_html_document_t *);
static unsigned char *(*node_text_content)(lxb_dom_node_t *, size_t *);
static void *(*document_destroy_text)(lxb_dom_document_t *, unsigned char *);

/* One document, cleaned and reused between calls: creating a lexbor document costs as much as
 * parsing a short description. Only used with the GIL held, so one caller at a time. After
 * markup larger than this it is destroyed rather than kept, so its memory goes back. */
static lxb_html_document_t *shared_document;
#define KEEP_DOCUMENT_BELOW (256 * 1024)

/* text.py's sentinels: a block edge (U+E001) and a list item's marker (U+E000), and their UTF-8. */
#define BLOCK 0xE001
#define ITEM 0xE000
#define BLOCK_UTF8 "\xee\x80\x81"
#define ITEM_UTF8 "\xee\x80\x80"

/* Tag names, sorted for bsearch: the block elements (text.py's _BLOCK_SELECTOR holds the same) and
 * the tree-sensitive ones (text.py's module doc says why each is). */
static const char *const BLOCK_NAMES[] = {
    "address", "article", "aside", "blockquote", "center", "dd", "details", "dialog", "dir", "div",
    "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3",
    "h4", "h5", "h6", "header", "hgroup", "hr", "main", "menu", "nav", "ol",
    "p", "pre", "search", "section", "summary", "table", "tr", "ul",
};
static const char *const TREE_SENSITIVE_NAMES[] = {
    "frameset", "iframe", "listing", "math", "noembed", "noframes", "noscript", "plaintext", "script", "select",
    "style", "svg", "table", "template", "textarea", "title", "xmp",
};
#define COUNT(array) (sizeof array / sizeof *array)

/* One code point of UTF-8 at *cursor, advancing it; -1 at the end. The text is Python's own
 * encoding of a str, or lexbor's output from it, so always well formed; should a byte start no
 * well-formed sequence, it reads as one U+FFFD, neither space nor control, and is kept as it is. */
static long next_code_point(const unsigned char **cursor, const unsigned char *end) {
    const unsigned char *p = *cursor;
    if (p >= end) return -1;
    long c = *p;
    int extra = c < 0x80 ? 0 : c < 0xC0 ? -1 : c < 0xE0 ? 1 : c < 0xF0 ? 2 : c < 0xF8 ? 3 : -1;
    if (extra > 0 && p + extra >= end) extra = -1;
    for (int i = 1; i <= extra; i++)
        if ((p[i] & 0xC0) != 0x80) extra = -1;
    if (extra < 0) {
        *cursor = p + 1;
        return 0xFFFD;
    }
    if (extra) c &= 0x3F >> extra;
    for (int i = 1; i <= extra; i++) c = (c << 6) | (p[i] & 0x3F);
    *cursor = p + 1 + extra;
    return c;
}

/* text.py's _CONTROL: C0 controls but tab, line feed and carriage return; DEL; C1 controls. */
static int is_control(long c) {
    return c <= 0x08 || c == 0x0B || c == 0x0C || (c >= 0x0E && c <= 0x1F) || (c >= 0x7F && c <= 0x9F);
}

/* Step 1: the markup without control characters and without our sentinels, copied into out
 * (room for length bytes); returns the copy's length. Byte patterns suffice on well-formed UTF-8:
 * C1 controls are C2 80-C2 9F, the sentinels EE 80 80 and EE 80 81, and no byte of a multi-byte
 * sequence is below 0x80. */
static size_t cleaned(const unsigned char *markup, size_t length, unsigned char *out) {
    const unsigned char *p = markup, *end = markup + length;
    unsigned char *o = out;
    while (p < end) {
        unsigned char b = *p;
        if (b < 0x80) {
            if (!is_control(b)) *o++ = b;
            p++;
        } else if (b == 0xC2 && p + 1 < end && p[1] <= 0x9F) {
            p += 2;
        } else if (b == 0xEE && p + 2 < end && p[1] == 0x80 && (p[2] == 0x80 || p[2] == 0x81)) {
            p += 3;
        } else {
            *o++ = *p++;
        }
    }
    return o - out;
}

/* The tag name after a '<' as text.py's regexes read it: `name(?=[\t\n\f\r />])`, case-insensitive,
 * copied lower-cased into name[]; 0 when what follows cannot be one of our names. Python's
 * re.IGNORECASE also folds the dotted and dotless i, the Kelvin sign and the long s into i, k, s. */
#define TAG_NAME_MAX 10 /* blockquote, figcaption */
static int tag_name(const unsigned char *p, const unsigned char *end, char name[TAG_NAME_MAX + 1]) {
    for (int n = 0; n <= TAG_NAME_MAX; n++) {
        long c = next_code_point(&p, end);
        if (c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == ' ' || c == '/' || c == '>') {
            name[n] = 0;
            return n > 0;
        }
        if (n == TAG_NAME_MAX) return 0;
        if (c >= 'A' && c <= 'Z') c += 'a' - 'A';
        else if (c == 0x130 || c == 0x131) c = 'i';
        else if (c == 0x212A) c = 'k';
        else if (c == 0x17F) c = 's';
        if (!((c >= 'a' && c <= 'z') || (c >= '1' && c <= '6'))) return 0;
        name[n] = (char)c;
    }
    return 0;
}

static int compare_names(const void *a, const void *b) {
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int is_one_of(const char *name, const char *const *sorted, size_t count) {
    return bsearch(&name, sorted, count, sizeof *sorted, compare_names) != NULL;
}

/* Steps 2 and 3 for one '<' at p: what goes before it (NULL: nothing); *tree_sensitive set
 * when the tag is one the markup way cannot follow (text.py's _TREE_SENSITIVE: start tags only). */
static const char *mark_before(const unsigned char *p, const unsigned char *end, int *tree_sensitive) {
    char name[TAG_NAME_MAX + 1];
    int closing = p + 1 < end && p[1] == '/';
    if (!tag_name(p + 1 + closing, end, name)) return NULL;
    if (!closing && is_one_of(name, TREE_SENSITIVE_NAMES, COUNT(TREE_SENSITIVE_NAMES))) *tree_sensitive = 1;
    if (!strcmp(name, "li")) return closing ? BLOCK_UTF8 : BLOCK_UTF8 ITEM_UTF8;
    if (!strcmp(name, "br")) return BLOCK_UTF8;
    if (closing && !strcmp(name, "hr")) return NULL; /* _BREAK_BEFORE has no </hr> */
    return is_one_of(name, BLOCK_NAMES, COUNT(BLOCK_NAMES)) ? BLOCK_UTF8 : NULL;
}

/* Steps 2 and 3, one pass over the tags: the marked markup into out (room for length bytes and six
 * more per '<'); returns its length, or -1 as soon as a tree-sensitive tag shows up. */
static Py_ssize_t marked(const unsigned char *markup, size_t length, unsigned char *out) {
    const unsigned char *end = markup + length, *copied = markup;
    unsigned char *o = out;
    int tree_sensitive = 0;
    for (const unsigned char *p = memchr(markup, '<', length); p; p = memchr(p + 1, '<', end - p - 1)) {
        const char *mark = mark_before(p, end, &tree_sensitive);
        if (tree_sensitive) return -1;
        if (!mark) continue;
        size_t n = strlen(mark);
        memcpy(o, copied, p - copied);
        o += p - copied;
        memcpy(o, mark, n);
        o += n;
        copied = p;
    }
    memcpy(o, copied, end - copied);
    return o + (end - copied) - out;
}

static size_t count_tags(const unsigned char *markup, size_t length) {
    size_t tags = 0;
    for (const unsigned char *p = memchr(markup, '<', length); p; p = memchr(p + 1, '<', markup + length - p - 1)) tags++;
    return tags;
}

static int is_block_at(const unsigned char *p, const unsigned char *end) {
    return p + 2 < end && p[0] == 0xEE && p[1] == 0x80 && p[2] == 0x81;
}

static int is_item_at(const unsigned char *p, const unsigned char *end) {
    return p + 2 < end && p[0] == 0xEE && p[1] == 0x80 && p[2] == 0x80;
}

/* What each byte is to the first folding pass: ASCII kept, ASCII whitespace, ASCII control (dropped
 * first: \x1c-\x1f are Python whitespace too), or a byte of a multi-byte character. */
enum { KEPT, SPACE, CONTROL, MULTIBYTE };
static unsigned char byte_kinds[256];

static void init_byte_kinds(void) {
    for (int b = 0; b < 256; b++)
        byte_kinds[b] = b >= 0x80 ? MULTIBYTE : is_control(b) ? CONTROL : Py_UNICODE_ISSPACE(b) ? SPACE : KEPT;
}

/* Step 5 (normalize_whitespace of text.py), in place over UTF-8 bytes; returns the new length.
 * Python's steps, each a pass here: drop control characters and read U+2029 as a block edge, then
 * " ".join(text.split()) (Python's whitespace); where there are item markers, _EMPTY_ITEM removed
 * and _ITEM_START made "- "; then split at block edges, strip, drop empty pieces, join with "\n".
 * No step lengthens the text (a 3-byte marker becomes "- "), so one buffer serves them all. */
static size_t folded(unsigned char *text, size_t length) {
    const unsigned char *p = text, *end = text + length;
    size_t w = 0;
    int items = 0, pending_space = 0;
    while (p < end) {
        switch (byte_kinds[*p]) {
        case KEPT: /* a run of ASCII, most of any text: copied as it is */
            if (pending_space) text[w++] = ' ';
            pending_space = 0;
            do text[w++] = *p++;
            while (p < end && byte_kinds[*p] == KEPT);
            continue;
        case SPACE:
            pending_space = w > 0;
            /* fall through */
        case CONTROL:
            p++;
            continue;
        }
        const unsigned char *start = p;
        long c = next_code_point(&p, end);
        if (is_control(c)) continue;
        if (c != 0x2029 && Py_UNICODE_ISSPACE((Py_UCS4)c)) {
            pending_space = w > 0;
            continue;
        }
        if (pending_space) text[w++] = ' ';
        pending_space = 0;
        items |= c == ITEM;
        if (c == 0x2029) { /* a paragraph separator is a block edge: the same three bytes' length */
            memcpy(text + w, BLOCK_UTF8, 3);
            w += 3;
        } else {
            while (start < p) text[w++] = *start++;
        }
    }
    end = text + w;
    if (items) {
        unsigned char *o = text;
        for (p = text; p < end;) {
            const unsigned char *lead = memchr(p, 0xEE, end - p), *copy_to = lead ? lead : end;
            memmove(o, p, copy_to - p);
            o += copy_to - p;
            p = copy_to;
            if (p == end) break;
            if (!is_item_at(p, end)) {
                *o++ = *p++;
                continue;
            }
            p += 3;
            while (p < end && (*p == ' ' || is_block_at(p, end))) p += *p == ' ' ? 1 : 3;
            if (p < end && !is_item_at(p, end)) { /* an item with text */
                *o++ = '-';
                *o++ = ' ';
            } /* else an empty item: it vanishes, with the spaces and edges after it */
        }
        end = o;
    }
    unsigned char *o = text;
    for (const unsigned char *piece = text;;) {
        const unsigned char *stop = piece;
        while (stop < end && !is_block_at(stop, end)) {
            const unsigned char *lead = memchr(stop, 0xEE, end - stop);
            stop = lead ? lead : end;
            if (stop < end && !is_block_at(stop, end)) stop++;
        }
        const unsigned char *a = piece, *b = stop;
        while (a < b && *a == ' ') a++;
        while (b > a && b[-1] == ' ') b--;
        if (b > a) {
            if (o > text) *o++ = '\n';
            memmove(o, a, b - a);
            o += b - a;
        }
        if (stop == end) break;
        piece = stop + 3; /* past the block edge */
    }
    return o - text;
}

/* Step 4: the body's text of the marked markup, as UTF-8 in a new buffer (PyMem_Free it), or NULL
 * with an exception set. Only a frameset document has no body, and <frameset> is tree-sensitive. */
static unsigned char *body_text(const char *markup, size_t length, size_t *text_length) {
    if (!shared_document && !(shared_document = document_create())) return (unsigned char *)PyErr_NoMemory();
    lxb_html_document_t *document = shared_document;
    unsigned char *copy = NULL;
    lxb_dom_node_t *body = document_parse(document, (const unsigned char *)markup, length) == 0
                               ? document_body(document) : NULL;
    if (!body) {
        PyErr_SetString(PyExc_RuntimeError, "lexbor could not parse the markup into a body");
    } else {
        unsigned char *content = node_text_content(body, text_length);
        if (!content) {
            PyErr_NoMemory(); /* lexbor returns no text only when it cannot allocate it */
        } else {
            if ((copy = PyMem_Malloc(*text_length + 1))) memcpy(copy, content, *text_length);
            else PyErr_NoMemory();
            document_destroy_text((lxb_dom_document_t *)document, content);
        }
    }
    if (length < KEEP_DOCUMENT_BELOW) {
        document_clean(document);
    } else {
        document_destroy(document);
        shared_document = NULL;
    }
    return copy;
}

/* A str's UTF-8, the way selectolax encodes its input (lone surrogates dropped): a borrowed
 * buffer, kept alive by *owner when it had to be encoded anew (release it with Py_XDECREF). */
static const unsigned char *utf8_of(PyObject *text, size_t *length, PyObject **owner) {
    Py_ssize_t size;
    const char *utf8 = PyUnicode_AsUTF8AndSize(text, &size);
    *owner = NULL;
    if (!utf8) {
        PyErr_Clear();
        if (!(*owner = PyUnicode_AsEncodedString(text, "utf-8", "ignore"))) return NULL;
        utf8 = PyBytes_AS_STRING(*owner);
        size = PyBytes_GET_SIZE(*owner);
    }
    *length = size;
    return (const unsigned char *)utf8;
}

PyDoc_STRVAR(markup_text_doc,
             "markup_text(markup: str) -> str | None\n\n"
             "The readable text of a description, marked in the markup; None for markup the parser\n"
             "rearranges (tables, scripts, ...), which text.py marks in the parsed tree instead.");

static PyObject *markup_text(PyObject *Py_UNUSED(module), PyObject *markup) {
    if (!PyUnicode_Check(markup)) return PyErr_Format(PyExc_TypeError, "markup_text() takes a str, not %s", Py_TYPE(markup)->tp_name);
    size_t length, text_length = 0;
    PyObject *owner;
    const unsigned char *utf8 = utf8_of(markup, &length, &owner);
    if (!utf8) return NULL;
    unsigned char *source = PyMem_Malloc(length + 1);
    if (source) length = cleaned(utf8, length, source);
    Py_XDECREF(owner);
    if (!source) return PyErr_NoMemory();
    unsigned char *marked_markup = PyMem_Malloc(length + count_tags(source, length) * 6 + 1);
    Py_ssize_t marked_length = marked_markup ? marked(source, length, marked_markup) : 0;
    PyMem_Free(source);
    if (!marked_markup) return PyErr_NoMemory();
    if (marked_length < 0) {
        PyMem_Free(marked_markup);
        Py_RETURN_NONE;
    }
    unsigned char *text = body_text((const char *)marked_markup, marked_length, &text_length);
    PyMem_Free(marked_markup);
    if (!text) return NULL;
    PyObject *result = PyUnicode_DecodeUTF8((const char *)text, folded(text, text_length), "replace");
    PyMem_Free(text);
    return result;
}

PyDoc_STRVAR(normalize_whitespace_doc,
             "normalize_whitespace(text: str) -> str\n\n"
             "Marked text folded into lines: one line per block, \"- \" per list item, spaces folded.");

static PyObject *normalize_whitespace(PyObject *Py_UNUSED(module), PyObject *text) {
    if (!PyUnicode_Check(text)) return PyErr_Format(PyExc_TypeError, "normalize_whitespace() takes a str, not %s", Py_TYPE(text)->tp_name);
    Py_ssize_t size;
    PyObject *encoded = PyUnicode_AsEncodedString(text, "utf-8", "surrogatepass");
    if (!encoded) return NULL;
    size = PyBytes_GET_SIZE(encoded);
    unsigned char *copy = PyMem_Malloc(size + 1);
    if (!copy) {
        Py_DECREF(encoded);
        return PyErr_NoMemory();
    }
    memcpy(copy, PyBytes_AS_STRING(encoded), size);
    Py_DECREF(encoded);
    PyObject *result = PyUnicode_DecodeUTF8((const char *)copy, folded(copy, size), "surrogatepass");
    PyMem_Free(copy);
    return result;
}

/* text.py's mojibake hint: UTF-8 read as Windows-1252 or Latin-1 leaves a lead byte (Â-ô) followed
 * by a continuation byte shown as one of these characters; C1 controls are the other trace. */
static int shows_as_continuation(Py_UCS4 c) {
    switch (c) {
    case 0x152: case 0x153: case 0x160: case 0x161: case 0x178: case 0x17D: case 0x17E: case 0x192:
    case 0x2C6: case 0x2DC: case 0x2013: case 0x2014: case 0x2026: case 0x2030: case 0x2039:
    case 0x203A: case 0x20AC: case 0x2122:
        return 1;
    }
    return (c >= 0x80 && c <= 0xBF) || (c >= 0x2018 && c <= 0x201E) || (c >= 0x2020 && c <= 0x2022);
}

#define SEARCH_MOJIBAKE(TYPE)                                                                   \
    do {                                                                                        \
        const TYPE *chars = (const TYPE *)PyUnicode_DATA(text);                                 \
        for (Py_ssize_t i = 0; i < n; i++) {                                                    \
            Py_UCS4 c = chars[i];                                                               \
            if (c < 0x80) continue;                                                             \
            if (c <= 0x9F || (c >= 0xC2 && c <= 0xF4 && i + 1 < n && shows_as_continuation(chars[i + 1]))) \
                Py_RETURN_TRUE;                                                                 \
        }                                                                                       \
    } while (0)

PyDoc_STRVAR(mojibake_suspected_doc,
             "mojibake_suspected(text: str) -> bool\n\n"
             "Whether text shows a trace of UTF-8 read as Windows-1252 or Latin-1 (then ftfy looks).");

static PyObject *mojibake_suspected(PyObject *Py_UNUSED(module), PyObject *text) {
    if (!PyUnicode_Check(text)) return PyErr_Format(PyExc_TypeError, "mojibake_suspected() takes a str, not %s", Py_TYPE(text)->tp_name);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    if (PyUnicode_IS_ASCII(text)) Py_RETURN_FALSE;
    switch (PyUnicode_KIND(text)) {
    case PyUnicode_1BYTE_KIND:
        SEARCH_MOJIBAKE(Py_UCS1);
        break;
    case PyUnicode_2BYTE_KIND:
        SEARCH_MOJIBAKE(Py_UCS2);
        break;
    default:
        SEARCH_MOJIBAKE(Py_UCS4);
    }
    Py_RETURN_FALSE;
}

/* lexbor's functions, from selectolax's loaded extension module. */
static int resolve_lexbor(void) {
    PyObject *selectolax = PyImport_ImportModule("selectolax.lexbor");
    if (!selectolax) return -1;
    PyObject *path = PyObject_GetAttrString(selectolax, "__file__");
    Py_DECREF(selectolax);
    const char *file = path ? PyUnicode_AsUTF8(path) : NULL;
    if (!file) {
        Py_XDECREF(path);
        return -1;
    }
    void *handle = dlopen(file, RTLD_NOW | RTLD_NOLOAD);
    struct {
        void **slot;
        const char *name;
    } wanted[] = {
        {(void **)&document_create, "lxb_html_document_create"},
        {(void **)&document_destroy, "lxb_html_document_destroy"},
        {(void **)&document_clean, "lxb_html_document_clean"},
        {(void **)&document_parse, "lxb_html_document_parse"},
        {(void **)&document_body, "lxb_html_document_body_element_noi"},
        {(void **)&node_text_content, "lxb_dom_node_text_content"},
        {(void **)&document_destroy_text, "lxb_dom_document_destroy_text_noi"},
    };
    for (size_t i = 0; handle && i < COUNT(wanted); i++) {
        if (!(*wanted[i].slot = dlsym(handle, wanted[i].name))) {
            PyErr_Format(PyExc_ImportError, "selectolax's lexbor module %s does not export %s", file, wanted[i].name);
            Py_DECREF(path);
            return -1;
        }
    }
    if (!handle) PyErr_Format(PyExc_ImportError, "cannot open selectolax's lexbor module %s: %s", file, dlerror());
    Py_DECREF(path);
    return handle ? 0 : -1; /* the handle stays open: the functions are used for the process's life */
}

static PyMethodDef methods[] = {
    {"markup_text", markup_text, METH_O, markup_text_doc},
    {"normalize_whitespace", normalize_whitespace, METH_O, normalize_whitespace_doc},
    {"mojibake_suspected", mojibake_suspected, METH_O, mojibake_suspected_doc},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "jobintel_core.ingestion._html_text",
    .m_doc = "HTML to readable text in C, on the lexbor that selectolax ships (see text.py).",
    .m_size = 0,
    .m_methods = methods,
};

PyMODINIT_FUNC PyInit__html_text(void) {
    if (resolve_lexbor() < 0) return NULL;
    init_byte_kinds();
    return PyModule_Create(&module);
}
