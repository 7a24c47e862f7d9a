#ifndef CANDOR_LIBXML2_SHIM_H
#define CANDOR_LIBXML2_SHIM_H

#include <libxml/parser.h>
#include <libxml/HTMLparser.h>
#include <libxml/parserInternals.h>
#include <libxml/SAX2.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlschemas.h>
#include <libxml/xmlwriter.h>
#include <libxml/xmlIO.h>
#include <libxml/xmlsave.h>

/* xmlFree is a global function-pointer variable: Swift 6 strict concurrency rejects it. */
static inline void candor_xml_free(void *pointer) {
    if (pointer != NULL) xmlFree(pointer);
}

/* The structured-error callback takes `xmlErrorPtr` up to 2.11 and `const xmlError *` from 2.12:
   Swift callbacks use this signature and the shim casts, so the code compiles against both. */
typedef void (*candor_structured_error_fn)(void *user_data, const void *error);

static inline void candor_set_parser_structured_error(xmlParserCtxtPtr ctxt, candor_structured_error_fn fn) {
    if (ctxt != NULL && ctxt->sax != NULL) {
        ctxt->sax->serror = (xmlStructuredErrorFunc)fn;
        ctxt->sax->error = NULL;
        ctxt->sax->warning = NULL;
        ctxt->vctxt.error = NULL;
        ctxt->vctxt.warning = NULL;
    }
}

static inline void candor_set_schema_parser_structured_error(xmlSchemaParserCtxtPtr ctxt,
                                                             candor_structured_error_fn fn, void *data) {
    xmlSchemaSetParserStructuredErrors(ctxt, (xmlStructuredErrorFunc)fn, data);
}

static inline void candor_set_schema_valid_structured_error(xmlSchemaValidCtxtPtr ctxt,
                                                            candor_structured_error_fn fn, void *data) {
    xmlSchemaSetValidStructuredErrors(ctxt, (xmlStructuredErrorFunc)fn, data);
}

static void candor_ignore_generic_error(void *ctx, const char *msg, ...) {
    (void)ctx;
    (void)msg;
}

/* Routes libxml2's thread-level error reporting away from stderr: the structured handler for this thread and
   every new thread, and a no-op generic handler (a C variadic function, which Swift cannot declare). */
static inline void candor_silence_thread_errors(candor_structured_error_fn fn) {
    xmlSetStructuredErrorFunc(NULL, (xmlStructuredErrorFunc)fn);
    xmlThrDefSetStructuredErrorFunc(NULL, (xmlStructuredErrorFunc)fn);
    xmlSetGenericErrorFunc(NULL, candor_ignore_generic_error);
    xmlThrDefSetGenericErrorFunc(NULL, candor_ignore_generic_error);
}

/* Wrapped SAX hooks: the Swift side needs the default handler to chain to. */
static inline startElementSAXFunc candor_default_html_start_element(void) {
    return xmlSAX2StartElement;
}

static inline startElementNsSAX2Func candor_default_start_element_ns(void) {
    return xmlSAX2StartElementNs;
}

#endif
