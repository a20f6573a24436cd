/* sc-render-image.c — shopcast-render-image, the SVG helper
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   shopcast-render-image WIDTH HEIGHT cover|contain URI < IMAGE > PICTURE
 *
 * Decodes the image on its standard input as sc_image_load() would for a
 * box of WIDTH × HEIGHT (URI only names it in messages) and writes
 * "WIDTH HEIGHT ROWSTRIDE HAS_ALPHA\n" and the 8-bit RGB(A) pixels. On
 * failure it prints the message and exits with 64 + its GIOErrorEnum code.
 * The show runs it for SVG so that librsvg and libxml2 never load in the
 * show's process (sc-image-loader.c). */

#define G_LOG_DOMAIN "shopcast-render-image"

#include "config.h"

#include <gio/gio.h>
#include <gio/gunixinputstream.h>
#include <gio/gunixoutputstream.h>
#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>

#include "sc-image-loader.h"

#define STATUS_IO_ERROR 64

static gboolean
parse_side (const char *text,
            int        *side)
{
  guint64 value;

  if (!g_ascii_string_to_unsigned (text, 10, 1, SC_IMAGE_MAX_SIDE, &value, NULL))
    return FALSE;
  *side = (int)value;
  return TRUE;
}

/* One line, the last one on stderr: the show reads that. */
static void
say (char *text)
{
  g_autofree char *message = text;

  g_strdelimit (message, "\r\n", ' ');
  g_printerr ("%s\n", g_strstrip (message));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GInputStream) in = g_unix_input_stream_new (0, FALSE);
  g_autoptr(GOutputStream) out = g_unix_output_stream_new (1, FALSE);
  g_autoptr(GByteArray) data = g_byte_array_new ();
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *header = NULL;
  g_autofree guint8 *buffer = g_malloc (64 * 1024);
  int width, height;
  ScImageFit fit;
  gsize length;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("SHOPCAST_LOCALEDIR") != NULL &&
                                   g_getenv ("SHOPCAST_LOCALEDIR")[0] != '\0'
                                   ? g_getenv ("SHOPCAST_LOCALEDIR") : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (argc != 5 || !parse_side (argv[1], &width) || !parse_side (argv[2], &height) ||
      (!g_str_equal (argv[3], "cover") && !g_str_equal (argv[3], "contain")))
    {
      g_printerr ("usage: %s WIDTH HEIGHT cover|contain URI < IMAGE > PICTURE\n", argv[0]);
      return 2;
    }
  fit = g_str_equal (argv[3], "cover") ? SC_IMAGE_FIT_COVER : SC_IMAGE_FIT_CONTAIN;

  /* One byte over the limit is enough for the decoder to refuse it. */
  for (;;)
    {
      gssize n = g_input_stream_read (in, buffer, 64 * 1024, NULL, &error);

      if (n < 0)
        {
          say (g_strdup_printf (_("Cannot load image “%s”: %s"), argv[4], error->message));
          return STATUS_IO_ERROR + G_IO_ERROR_FAILED;
        }
      if (n == 0 || data->len > SC_IMAGE_MAX_FILE_SIZE)
        break;
      g_byte_array_append (data, buffer, (guint)n);
    }
  bytes = g_byte_array_free_to_bytes (g_steal_pointer (&data));

  pixbuf = sc_image_decode_bytes (bytes, argv[4], width, height, fit, &error);
  if (pixbuf == NULL)
    {
      say (g_strdup (error->message));
      return STATUS_IO_ERROR + (error->domain == G_IO_ERROR ? error->code
                                                            : G_IO_ERROR_INVALID_DATA);
    }
  if (gdk_pixbuf_get_bits_per_sample (pixbuf) != 8 ||
      gdk_pixbuf_get_colorspace (pixbuf) != GDK_COLORSPACE_RGB ||
      gdk_pixbuf_get_n_channels (pixbuf) != (gdk_pixbuf_get_has_alpha (pixbuf) ? 4 : 3))
    {
      say (g_strdup_printf (_("Cannot load image “%s”: it is not an 8-bit RGB image"),
                            argv[4]));
      return STATUS_IO_ERROR + G_IO_ERROR_INVALID_DATA;
    }

  header = g_strdup_printf ("%d %d %d %d\n", gdk_pixbuf_get_width (pixbuf),
                            gdk_pixbuf_get_height (pixbuf), gdk_pixbuf_get_rowstride (pixbuf),
                            gdk_pixbuf_get_has_alpha (pixbuf) ? 1 : 0);
  length = gdk_pixbuf_get_byte_length (pixbuf);
  if (!g_output_stream_write_all (out, header, strlen (header), NULL, NULL, &error) ||
      !g_output_stream_write_all (out, gdk_pixbuf_read_pixels (pixbuf), length, NULL, NULL,
                                  &error))
    {
      say (g_strdup_printf (_("Cannot load image “%s”: %s"), argv[4], error->message));
      return STATUS_IO_ERROR + G_IO_ERROR_FAILED;
    }
  return 0;
}
