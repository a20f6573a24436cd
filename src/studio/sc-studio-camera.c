/* sc-studio-camera.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sc-studio"

#include "config.h"

#include <glib/gi18n.h>
#include <unistd.h>

#include "base/sc-task.h"
#include "media/sc-camera-portal.h"
#include "media/sc-media-error.h"
#include "sc-studio-private.h"

/* Camera sources in the Flatpak sandbox, where /dev is not ours: before the
 * pipeline starts, the Camera portal is asked for access (the desktop may
 * ask the person), its PipeWire remote is opened and kept for the show, the
 * cameras on it are listed on a worker, and each camera source is handed
 * its node. A camera that cannot be had gets its slate with the reason.
 * Outside the sandbox nothing happens here: the pipeline finds the camera
 * on the host as before. */

static const char *
reason_for (const GError *error)
{
  if (error == NULL)
    return NULL;
  if (g_error_matches (error, SC_MEDIA_ERROR, SC_MEDIA_ERROR_ACCESS_DENIED))
    return "denied";
  if (g_error_matches (error, SC_MEDIA_ERROR, SC_MEDIA_ERROR_NO_PORTAL))
    return "no-portal";
  if (g_error_matches (error, SC_MEDIA_ERROR, SC_MEDIA_ERROR_NO_CAMERA))
    return "no-camera";
  return "failed";
}

static void
log_camera_access (ScStudio           *self,
                   const char         *id,
                   const ScCameraNode *node,
                   const GError       *error)
{
  JsonObject *fields = json_object_new ();

  json_object_set_string_member (fields, "source", id);
  json_object_set_string_member (fields, "method", "portal");
  if (node != NULL)
    {
      json_object_set_int_member (fields, "node", node->node_id);
      if (node->name != NULL)
        json_object_set_string_member (fields, "camera", node->name);
    }
  if (error != NULL)
    {
      json_object_set_string_member (fields, "reason", reason_for (error));
      json_object_set_string_member (fields, "message", error->message);
    }
  _sc_studio_log_event (self, "camera-access", fields);
}

/* The show's camera sources (ids). */
static GPtrArray *
camera_ids (ScStudio *self)
{
  GPtrArray *sources = sc_show_get_sources (self->show);
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < sources->len; i++)
    {
      const ScSourceConfig *source = g_ptr_array_index (sources, i);

      if (source->kind == SC_SOURCE_CAMERA)
        g_ptr_array_add (ids, g_strdup (source->id));
    }
  return ids;
}

static const ScSourceConfig *
find_source (ScStudio   *self,
             const char *id)
{
  GPtrArray *sources = sc_show_get_sources (self->show);

  for (guint i = 0; i < sources->len; i++)
    if (g_strcmp0 (((ScSourceConfig *)g_ptr_array_index (sources, i))->id, id) == 0)
      return g_ptr_array_index (sources, i);
  return NULL;
}

/* Every camera source gets its slate with @error's reason. */
static void
cameras_unavailable (ScStudio     *self,
                     const GError *error)
{
  g_autoptr(GPtrArray) ids = camera_ids (self);

  for (guint i = 0; i < ids->len; i++)
    {
      const char *id = g_ptr_array_index (ids, i);

      sc_pipeline_set_camera_stream (self->pipeline, id, -1, 0, error->message);
      log_camera_access (self, id, NULL, error);
    }
}

static void
list_nodes_in_thread (GTask        *task,
                      gpointer      source_object,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  GError *error = NULL;
  GPtrArray *nodes = sc_camera_portal_list_nodes (GPOINTER_TO_INT (task_data), &error);

  if (nodes == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, nodes, (GDestroyNotify)g_ptr_array_unref);
}

static void
nodes_listed_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  ScStudio *self = SC_STUDIO (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) nodes = g_task_propagate_pointer (G_TASK (result), &error);
  g_autoptr(GPtrArray) ids = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;
  if (nodes == NULL)
    {
      cameras_unavailable (self, error);
      g_task_return_boolean (task, TRUE);
      return;
    }
  ids = camera_ids (self);
  for (guint i = 0; i < ids->len; i++)
    {
      const char *id = g_ptr_array_index (ids, i);
      const ScSourceConfig *source = find_source (self, id);
      const ScCameraNode *node = sc_camera_portal_pick_node (nodes, source->device);

      if (node != NULL)
        {
          sc_pipeline_set_camera_stream (self->pipeline, id, self->camera_fd, node->node_id,
                                         NULL);
          log_camera_access (self, id, node, NULL);
        }
      else
        {
          g_autoptr(GError) missing = NULL;

          if (source->device != NULL && nodes->len > 0)
            missing = g_error_new (SC_MEDIA_ERROR, SC_MEDIA_ERROR_NO_CAMERA,
                                   _("The camera “%s” was not found"), source->device);
          else
            missing = g_error_new_literal (SC_MEDIA_ERROR, SC_MEDIA_ERROR_NO_CAMERA,
                                           _("No camera was found"));
          sc_pipeline_set_camera_stream (self->pipeline, id, -1, 0, missing->message);
          log_camera_access (self, id, NULL, missing);
        }
    }
  g_task_return_boolean (task, TRUE);
}

static void
portal_opened_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ScStudio *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) list = NULL;
  GCancellable *cancellable;
  int fd = sc_camera_portal_open_finish (result, &error);

  if (g_task_return_error_if_cancelled (task))
    {
      if (fd >= 0)
        close (fd);
      return;
    }
  if (fd < 0)
    {
      g_message ("%s", error->message);
      cameras_unavailable (self, error);
      g_task_return_boolean (task, TRUE);
      return;
    }
  if (self->camera_fd >= 0)
    close (self->camera_fd);
  self->camera_fd = fd;
  /* Listing talks to PipeWire and waits for it: a worker, in a thread of
   * its own, as the start's other steps (GTask's pool is full of the
   * product list's thumbnails when a show opens). */
  cancellable = g_task_get_cancellable (task);
  list = g_task_new (self, cancellable, nodes_listed_cb, g_steal_pointer (&task));
  g_task_set_source_tag (list, list_nodes_in_thread);
  g_task_set_task_data (list, GINT_TO_POINTER (fd), NULL);
  sc_task_run_in_new_thread (list, "sc-cameras", list_nodes_in_thread);
}

void
_sc_studio_cameras_prepare_async (ScStudio            *self,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(GPtrArray) ids = camera_ids (self);

  g_task_set_source_tag (task, _sc_studio_cameras_prepare_async);
  if (ids->len == 0 || !sc_camera_portal_in_sandbox ())
    {
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }
  sc_camera_portal_open_async (self->screen_bus, cancellable, portal_opened_cb, task);
}

gboolean
_sc_studio_cameras_prepare_finish (ScStudio      *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
_sc_studio_cameras_dispose (ScStudio *self)
{
  if (self->camera_fd >= 0)
    close (self->camera_fd);
  self->camera_fd = -1;
}
