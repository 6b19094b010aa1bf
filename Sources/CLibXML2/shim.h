// libxml2's headers pull in ICU's when libxml2 was built with ICU; those clash with the ICU
// copy inside Foundation. We use none of the ICU-dependent declarations, so leave them out.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/xmlreader.h>
#include <libxml/HTMLparser.h>
