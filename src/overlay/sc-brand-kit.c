/* sc-brand-kit.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sc-brand-kit"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "base/sc-json-util.h"
#include "sc-brand-kit.h"

G_DEFINE_BOXED_TYPE (ScBrandKit, sc_brand_kit, sc_brand_kit_copy, sc_brand_kit_free)

static gboolean
parse_hex (const char *text,
           guint       digits,
           double     *value)
{
  guint number = 0;

  for (guint i = 0; i < digits; i++)
    {
      int digit = g_ascii_xdigit_value (text[i]);

      if (digit < 0)
        return FALSE;
      number = number * 16 + (guint)digit;
    }

  /* "#RGB" means "#RRGGBB": one hex digit stands for itself repeated. */
  *value = digits == 1 ? number / 15.0 : number / 255.0;
  return TRUE;
}

gboolean
sc_color_parse (const char *text,
                ScColor    *color)
{
  double channels[4] = { 0, 0, 0, 1.0 };
  guint n_channels;
  guint digits;
  gsize len;

  g_return_val_if_fail (color != NULL, FALSE);

  if (text == NULL || text[0] != '#')
    return FALSE;

  len = strlen (text + 1);
  switch (len)
    {
    case 3: n_channels = 3; digits = 1; break;
    case 6: n_channels = 3; digits = 2; break;
    case 8: n_channels = 4; digits = 2; break;
    default:
      return FALSE;
    }

  for (guint i = 0; i < n_channels; i++)
    if (!parse_hex (text + 1 + i * digits, digits, &channels[i]))
      return FALSE;

  color->red = channels[0];
  color->green = channels[1];
  color->blue = channels[2];
  color->alpha = channels[3];
  return TRUE;
}

static void
set_color (ScColor    *color,
           const char *text)
{
  if (!sc_color_parse (text, color))
    g_assert_not_reached ();
}

ScBrandKit *
sc_brand_kit_new (void)
{
  ScBrandKit *self = g_new0 (ScBrandKit, 1);

  /* A near-black, slightly blue card that lets the video show through a
   * little, with a warm yellow accent that stays legible on it. */
  set_color (&self->primary, "#15161CDB");
  set_color (&self->accent, "#FFC83D");
  set_color (&self->text, "#FFFFFF");
  self->font_family = g_strdup ("Cantarell");
  self->logo_uri = NULL;

  return self;
}

ScBrandKit *
sc_brand_kit_copy (const ScBrandKit *self)
{
  ScBrandKit *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_new0 (ScBrandKit, 1);
  copy->primary = self->primary;
  copy->accent = self->accent;
  copy->text = self->text;
  copy->font_family = g_strdup (self->font_family);
  copy->logo_uri = g_strdup (self->logo_uri);

  return copy;
}

void
sc_brand_kit_free (ScBrandKit *self)
{
  if (self == NULL)
    return;

  g_free (self->font_family);
  g_free (self->logo_uri);
  g_free (self);
}

static guint
channel_byte (double value)
{
  return (guint)CLAMP (value * 255.0 + 0.5, 0.0, 255.0);
}

char *
sc_color_to_string (const ScColor *color)
{
  guint alpha = channel_byte (color->alpha);

  if (alpha == 255)
    return g_strdup_printf ("#%02X%02X%02X", channel_byte (color->red),
                            channel_byte (color->green), channel_byte (color->blue));
  return g_strdup_printf ("#%02X%02X%02X%02X", channel_byte (color->red),
                          channel_byte (color->green), channel_byte (color->blue), alpha);
}

static gboolean
color_equal (const ScColor *a,
             const ScColor *b)
{
  g_autofree char *text_a = sc_color_to_string (a);
  g_autofree char *text_b = sc_color_to_string (b);

  return g_str_equal (text_a, text_b);
}

gboolean
sc_brand_kit_equal (const ScBrandKit *a,
                    const ScBrandKit *b)
{
  return color_equal (&a->primary, &b->primary) && color_equal (&a->accent, &b->accent) &&
         color_equal (&a->text, &b->text) && g_strcmp0 (a->font_family, b->font_family) == 0 &&
         g_strcmp0 (a->logo_uri, b->logo_uri) == 0;
}

static gboolean
read_color (ScJsonReader *reader,
            JsonObject   *brand,
            const char   *brand_path,
            const char   *member,
            ScColor      *color)
{
  const char *text = NULL;
  ScColor parsed;

  if (!sc_json_reader_get_string (reader, brand, brand_path, member, &text))
    return FALSE;
  if (text == NULL)
    return TRUE;
  if (!sc_color_parse (text, &parsed))
    {
      g_autofree char *path = sc_json_path_member (brand_path, member);
      return sc_json_reader_fail_expected (reader, path,
                                           _("a colour such as \"#ffb000\" or \"#1e1e2ecc\" "
                                             "(with alpha)"),
                                           json_object_get_member (brand, member));
    }
  *color = parsed;
  return TRUE;
}

gboolean
sc_brand_kit_update_from_json (ScBrandKit   *self,
                               JsonNode     *node,
                               ScJsonReader *reader,
                               const char   *path)
{
  static const char * const allowed[] = { "primary", "accent", "text", "font", "logo", NULL };
  g_autofree char *logo_path = sc_json_path_member (path, "logo");
  JsonObject *brand;
  const char *logo = NULL;
  gboolean ok;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!sc_json_reader_expect_object (reader, node, path, _("an object"), &brand))
    return FALSE;

  ok = sc_json_reader_check_members (reader, brand, path, allowed);
  ok &= read_color (reader, brand, path, "primary", &self->primary);
  ok &= read_color (reader, brand, path, "accent", &self->accent);
  ok &= read_color (reader, brand, path, "text", &self->text);
  ok &= sc_json_reader_dup_string (reader, brand, path, "font", &self->font_family);
  ok &= sc_json_reader_get_string (reader, brand, path, "logo", &logo);

  if (logo != NULL)
    {
      g_autoptr(GFile) file = sc_json_reader_resolve_file (reader, logo);

      if (sc_json_reader_check_file (reader, file, logo_path))
        {
          g_free (self->logo_uri);
          self->logo_uri = g_file_get_uri (file);
        }
      else
        ok = FALSE;
    }
  else if (json_object_has_member (brand, "logo"))
    g_clear_pointer (&self->logo_uri, g_free);

  return ok;
}

static void
set_color_member (JsonObject    *object,
                  const char    *member,
                  const ScColor *color)
{
  g_autofree char *text = sc_color_to_string (color);

  json_object_set_string_member (object, member, text);
}

JsonNode *
sc_brand_kit_to_json (const ScBrandKit *self,
                      GFile            *base)
{
  g_autoptr(ScBrandKit) defaults = sc_brand_kit_new ();
  JsonObject *object = json_object_new ();
  JsonNode *node;

  if (!color_equal (&self->primary, &defaults->primary))
    set_color_member (object, "primary", &self->primary);
  if (!color_equal (&self->accent, &defaults->accent))
    set_color_member (object, "accent", &self->accent);
  if (!color_equal (&self->text, &defaults->text))
    set_color_member (object, "text", &self->text);
  if (g_strcmp0 (self->font_family, defaults->font_family) != 0 && self->font_family != NULL)
    json_object_set_string_member (object, "font", self->font_family);
  if (self->logo_uri != NULL)
    {
      g_autoptr(GFile) file = g_file_new_for_uri (self->logo_uri);
      g_autofree char *text = sc_json_file_to_text (file, base);

      json_object_set_string_member (object, "logo", text);
    }

  if (json_object_get_size (object) == 0)
    {
      json_object_unref (object);
      return NULL;
    }
  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, object);
  return node;
}
