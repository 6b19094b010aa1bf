// Poppler's GLib interface: PDF text, page by page (Debian libpoppler-glib-dev).
#include <poppler.h>
