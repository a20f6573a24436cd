/* sc-studio-screen.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sc-studio"

#include "config.h"

#include <glib/gi18n.h>
#include <unistd.h>

#include "media/sc-media-error.h"
#include "media/sc-screencast-portal.h"
#include "sc-studio-private.h"

/* Screen sources captured through the ScreenCast portal: before the
 * pipeline starts, each gets a portal session (its stored choice restored
 * by the token), and the PipeWire remote the pipeline reads. The sessions
 * stay open for the show; the new, single-use token goes back into the
 * show file so that the next show reuses the choice. */

typedef struct {
  GPtrArray *ids;      /* the portal screen sources still to prepare */
  guint      next;
  char      *id;       /* the one under way */
  ScScreencastSession *session;
} Prepare;

static void
prepare_free (Prepare *prepare)
{
  g_ptr_array_unref (prepare->ids);
  g_free (prepare->id);
  g_clear_object (&prepare->session);
  g_free (prepare);
}

static void prepare_next (GTask *task);

static void
log_screen_capture (ScStudio                  *self,
                    const char                *id,
                    const char                *method,
                    ScScreencastSession       *session,
                    const char                *message)
{
  JsonObject *fields = json_object_new ();

  json_object_set_string_member (fields, "source", id);
  json_object_set_string_member (fields, "method", method);
  if (session != NULL)
    {
      const ScScreencastStream *stream = sc_screencast_session_get_stream (session);
      const char *type = sc_screencast_source_type_to_string (stream->source_type);

      json_object_set_boolean_member (fields, "restored",
                                      sc_screencast_session_get_restored (session));
      if (type != NULL)
        json_object_set_string_member (fields, "source_type", type);
      if (stream->has_size)
        {
          json_object_set_int_member (fields, "width", stream->width);
          json_object_set_int_member (fields, "height", stream->height);
        }
      json_object_set_int_member (fields, "node", stream->node_id);
    }
  if (message != NULL)
    json_object_set_string_member (fields, "message", message);
  _sc_studio_log_event (self, "screen-capture", fields);
}

static void
show_saved_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!sc_show_save_finish (SC_SHOW (object), result, &error))
    g_warning (_("The screen choice could not be kept in the show file: %s"), error->message);
}

/* The portal's answer replaces the source's stored choice, and the show file
 * is written (when there is one): the old token is spent. */
static void
keep_screen_choice (ScShow                    *show,
                               const char                *id,
                               ScScreencastSession       *session)
{
  const ScScreencastStream *stream = sc_screencast_session_get_stream (session);
  g_autoptr(GPtrArray) sources = NULL;
  GPtrArray *current = sc_show_get_sources (show);
  g_autoptr(GError) error = NULL;

  sources = g_ptr_array_new_with_free_func ((GDestroyNotify)sc_source_config_free);
  for (guint i = 0; i < current->len; i++)
    {
      ScSourceConfig *source = sc_source_config_copy (g_ptr_array_index (current, i));

      if (source->kind == SC_SOURCE_SCREEN && g_strcmp0 (source->id, id) == 0)
        {
          ScPortalChoice *choice = &source->portal;

          sc_portal_choice_clear (choice);
          source->capture = SC_SCREEN_CAPTURE_PORTAL;
          choice->restore_token = g_strdup (sc_screencast_session_get_restore_token (session));
          choice->source_type =
            g_strdup (sc_screencast_source_type_to_string (stream->source_type));
          if (stream->has_size)
            {
              choice->width = stream->width;
              choice->height = stream->height;
            }
          choice->has_position = stream->has_position;
          choice->x = stream->x;
          choice->y = stream->y;
          choice->stream_id = g_strdup (stream->id);
          choice->mapping_id = g_strdup (stream->mapping_id);
        }
      g_ptr_array_add (sources, source);
    }
  if (!sc_show_set_sources (show, sources, &error))
    {
      g_warning (_("The screen choice could not be kept: %s"), error->message);
      return;
    }
  if (sc_show_get_file (show) != NULL)
    sc_show_save_async (show, sc_show_get_file (show), NULL, show_saved_cb, NULL);
}

#define SOURCE_ID_KEY "shopcast-source-id"

/* The host stopped sharing from the desktop (or the shared window closed):
 * the stream is gone, and a frozen last frame must not stay on air. */
static void
screencast_closed_cb (ScScreencastSession *session,
                      ScStudio            *self)
{
  const char *id = g_object_get_data (G_OBJECT (session), SOURCE_ID_KEY);
  const char *message = _("Screen sharing was stopped from the desktop");

  g_return_if_fail (id != NULL);
  log_screen_capture (self, id, "portal", session, message);
  if (self->pipeline != NULL)
    sc_pipeline_fail_source (self->pipeline, id, message);
}

static void
remote_opened_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ScStudio *self = g_task_get_source_object (task);
  Prepare *prepare = g_task_get_task_data (task);
  ScScreencastSession *session = SC_SCREENCAST_SESSION (object);
  g_autoptr(GError) error = NULL;
  int fd = sc_screencast_session_open_remote_finish (session, result, &error);

  if (g_task_return_error_if_cancelled (task))
    {
      if (fd >= 0)
        close (fd);
      return;
    }
  if (fd < 0)
    {
      sc_pipeline_set_screen_stream (self->pipeline, prepare->id, -1, 0, error->message);
      log_screen_capture (self, prepare->id, "portal", session, error->message);
    }
  else
    {
      const ScScreencastStream *stream = sc_screencast_session_get_stream (session);

      g_array_append_val (self->screen_fds, fd);
      g_ptr_array_add (self->screencasts, g_object_ref (session));
      g_object_set_data_full (G_OBJECT (session), SOURCE_ID_KEY, g_strdup (prepare->id), g_free);
      g_signal_connect_object (session, "closed", G_CALLBACK (screencast_closed_cb), self, 0);
      sc_pipeline_set_screen_stream (self->pipeline, prepare->id, fd, stream->node_id, NULL);
      log_screen_capture (self, prepare->id, "portal", session, NULL);
    }
  keep_screen_choice (self->show, prepare->id, session);
  g_clear_object (&prepare->session);
  prepare_next (g_steal_pointer (&task));
}

static void
session_started_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ScStudio *self = g_task_get_source_object (task);
  Prepare *prepare = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  prepare->session = sc_screencast_session_new_finish (result, &error);
  if (g_task_return_error_if_cancelled (task))
    return;
  if (prepare->session != NULL)
    {
      GCancellable *cancellable = g_task_get_cancellable (task);

      sc_screencast_session_open_remote_async (prepare->session, cancellable,
                                               remote_opened_cb, g_steal_pointer (&task));
      return;
    }
  /* No portal at all: the X11 screen, as before the portal was chosen. */
  if (g_error_matches (error, SC_MEDIA_ERROR, SC_MEDIA_ERROR_NO_PORTAL) &&
      g_getenv ("DISPLAY") != NULL)
    {
      g_autofree char *message =
        g_strdup_printf (_("%s; capturing the whole X11 screen instead"), error->message);

      g_message ("%s", message);
      sc_pipeline_set_screen_stream (self->pipeline, prepare->id, -1, 0, NULL);
      log_screen_capture (self, prepare->id, "x11", NULL, message);
    }
  else
    {
      sc_pipeline_set_screen_stream (self->pipeline, prepare->id, -1, 0, error->message);
      log_screen_capture (self, prepare->id, "portal", NULL, error->message);
    }
  prepare_next (g_steal_pointer (&task));
}

static void
prepare_next (GTask *task)
{
  ScStudio *self = g_task_get_source_object (task);
  Prepare *prepare = g_task_get_task_data (task);
  const ScSourceConfig *source = NULL;
  GPtrArray *sources = sc_show_get_sources (self->show);

  if (prepare->next >= prepare->ids->len)
    {
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }
  g_free (prepare->id);
  prepare->id = g_strdup (g_ptr_array_index (prepare->ids, prepare->next++));
  for (guint i = 0; i < sources->len && source == NULL; i++)
    if (g_strcmp0 (((ScSourceConfig *)g_ptr_array_index (sources, i))->id, prepare->id) == 0)
      source = g_ptr_array_index (sources, i);
  g_assert (source != NULL);
  sc_screencast_session_new_async (self->screen_bus, self->screen_parent_window,
                                   source->portal.restore_token,
                                   g_task_get_cancellable (task), session_started_cb, task);
}

void
_sc_studio_screens_prepare_async (ScStudio            *self,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Prepare *prepare = g_new0 (Prepare, 1);
  GPtrArray *sources = sc_show_get_sources (self->show);

  prepare->ids = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < sources->len; i++)
    {
      const ScSourceConfig *source = g_ptr_array_index (sources, i);

      if (source->kind == SC_SOURCE_SCREEN && source->capture == SC_SCREEN_CAPTURE_PORTAL)
        g_ptr_array_add (prepare->ids, g_strdup (source->id));
    }
  g_task_set_task_data (task, prepare, (GDestroyNotify)prepare_free);
  prepare_next (task);
}

gboolean
_sc_studio_screens_prepare_finish (ScStudio      *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
_sc_studio_screens_dispose (ScStudio *self)
{
  for (guint i = 0; self->screencasts != NULL && i < self->screencasts->len; i++)
    sc_screencast_session_close (g_ptr_array_index (self->screencasts, i));
  g_clear_pointer (&self->screencasts, g_ptr_array_unref);
  for (guint i = 0; self->screen_fds != NULL && i < self->screen_fds->len; i++)
    close (g_array_index (self->screen_fds, int, i));
  g_clear_pointer (&self->screen_fds, g_array_unref);
  g_clear_object (&self->screen_bus);
  g_clear_pointer (&self->screen_parent_window, g_free);
}

void
sc_studio_set_screen_portal (ScStudio        *self,
                             GDBusConnection *connection,
                             const char      *parent_window)
{
  g_return_if_fail (SC_IS_STUDIO (self));
  g_return_if_fail (connection == NULL || G_IS_DBUS_CONNECTION (connection));

  g_set_object (&self->screen_bus, connection);
  g_free (self->screen_parent_window);
  self->screen_parent_window = g_strdup (parent_window);
}
