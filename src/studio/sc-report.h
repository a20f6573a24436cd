/* sc-report.h
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The show report (docs/report.md): what a show's events in shows.sqlite
 * say, as products.csv, claims.csv, chat.csv, chapters.txt and report.html
 * in a folder. Nothing leaves the computer. */

#define SC_REPORT_ERROR (sc_report_error_quark ())

typedef enum {
  SC_REPORT_ERROR_BAD_SHOW,      /* neither "latest" nor a show id */
  SC_REPORT_ERROR_NO_DATABASE,   /* no shows.sqlite yet */
  SC_REPORT_ERROR_NO_SHOW,       /* the database has no such show, or none */
  SC_REPORT_ERROR_DATABASE,      /* the database cannot be read */
  SC_REPORT_ERROR_WRITE,         /* the folder or a file cannot be written */
} ScReportError;

GQuark sc_report_error_quark (void);

typedef struct {
  gint64  show_id;
  char   *title;
  guint   products;
  guint   claims;
  guint   chat_messages;
  guint   chapters;        /* lines in chapters.txt; 0 when it is empty */
  char   *chapters_note;   /* why chapters.txt is empty, or NULL */
  guint   skipped_rows;    /* events whose data was not a JSON object */
} ScReportSummary;

void      sc_report_summary_clear  (ScReportSummary *summary);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ScReportSummary, sc_report_summary_clear)

/* $XDG_DATA_HOME/shopcast/shows.sqlite, where every show writes its events. */
char     *sc_report_database_path  (void);

/* Writes the report of @show ("latest" or a show id) from @database into
 * @out_dir (created if needed; files there of the same names are replaced).
 * Reads the database only. Safe to call from a worker thread. @summary may
 * be NULL. */
gboolean  sc_report_write          (const char       *database,
                                    const char       *show,
                                    const char       *out_dir,
                                    ScReportSummary  *summary,
                                    GError          **error);

/* One chapter of the video, @start in seconds from its beginning. */
typedef struct {
  double  start;
  char   *title;
} ScReportChapter;

/* YouTube's rules on chapter candidates (@starts ascending, seconds from
 * the video's start; @titles as many): the first at 0 (@intro before the
 * first candidate), neighbours with the same title merged, each at least
 * 10 s up to the next or to @video_end. Returns a GPtrArray of
 * ScReportChapter, possibly fewer than 3 (then YouTube shows none). */
GPtrArray *sc_report_chapters_make (const double      *starts,
                                    const char * const *titles,
                                    guint              n,
                                    double             video_end,
                                    const char        *intro);

/* `shopcast --report SHOW --out DIR`: returns the exit code (0 written,
 * 1 the database could not be read or the folder written, 2 bad usage, an
 * unknown show or a database without shows). */
int       sc_report_command_run    (const char       *show,
                                    const char       *out_dir);

G_END_DECLS
