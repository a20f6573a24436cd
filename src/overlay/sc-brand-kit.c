/* sc-brand-kit.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sc-brand-kit"

#include "config.h"

#include <string.h>

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
