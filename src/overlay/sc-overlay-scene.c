/* sc-overlay-scene.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sc-overlay-scene"

#include "config.h"

#include <string.h>

#include "base/sc-campaign-url.h"
#include "base/sc-locale.h"

#include "sc-badges.h"
#include "sc-chat-panel.h"
#include "sc-end-card.h"
#include "sc-overlay-draw.h"
#include "sc-overlay-scene-private.h"
#include "sc-product-card.h"
#include "sc-qr.h"
#include "sc-title-bug.h"

/* Enough for every product a show pins plus a logo, at two sizes each. */
#define IMAGE_CACHE_ENTRIES 32

/* In drawing order. Regions do not overlap, except the badges (on the
 * card's product shot) and the end card (over the product shot of
 * product-focus), which come after what they cover. The QR code comes
 * before the lower third, which makes room for it. */
typedef enum {
  REGION_PRODUCT_IMAGE,
  REGION_CARD,
  REGION_BADGES,
  REGION_QR,
  REGION_CHAT,
  REGION_LOWER_THIRD,
  REGION_BUG,
  REGION_END_CARD,
  N_REGIONS
} RegionKind;

typedef struct {
  cairo_surface_t *surface;   /* NULL when the region shows nothing */
  int              x;
  int              y;
  gboolean         dirty;
} Region;

struct _ScOverlayScene
{
  GObject           parent_instance;

  int               width;
  int               height;
  ScLayoutKind      layout;
  ScLayoutGeometry  geometry;
  ScBrandKit       *kit;

  ScProduct        *product;
  gulong            product_notify_id;
  guint             low_stock_threshold;
  char             *claim_keyword;
  char             *locale;          /* the audience's, BCP 47 */
  ScTranslation    *translation;     /* shared, never freed */

  GPtrArray        *chat;            /* ScChatMessage, oldest first */
  guint             chat_lines;
  gboolean          chat_visible;
  ScChatMessage    *featured;
  char             *title;

  PangoContext     *pango;
  ScSurfaceCache   *images;           /* decoded in workers, see image_loaded_cb() */
  GHashTable       *image_locations;  /* remote URI -> local file, from the shop's cache */
  guint             claimed;          /* claims on the pinned product this show */
  ScCardSale        sale;             /* the pinned product's flash sale */
  gboolean          product_qr;       /* the scan-to-buy QR code of the pinned product */
  GStrv             qr_tags;          /* its campaign tags, names and values */
  gboolean          live;
  GDateTime        *next_start;       /* the end card's; NULL: no end card */
  GTimeZone        *next_zone;        /* shown in; NULL: local time */
  char             *next_title;
  char             *next_url;
  Region            regions[N_REGIONS];
  GPtrArray        *card_text;       /* what the card region last drew */
  GPtrArray        *chat_text;
  GPtrArray        *qr_text;
  GPtrArray        *badges_text;
  GPtrArray        *end_card_text;

  gboolean          rendering;
  guint             changed_idle_id;
  guint64           serial;
};

G_DEFINE_FINAL_TYPE (ScOverlayScene, sc_overlay_scene, G_TYPE_OBJECT)

enum {
  CHANGED,
  IMAGE_FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

void
sc_overlay_region_free (ScOverlayRegion *region)
{
  if (region == NULL)
    return;

  g_clear_pointer (&region->surface, cairo_surface_destroy);
  g_free (region);
}

static gboolean
emit_changed_idle (gpointer user_data)
{
  ScOverlayScene *self = user_data;

  self->changed_idle_id = 0;
  self->serial++;
  g_signal_emit (self, signals[CHANGED], 0);

  return G_SOURCE_REMOVE;
}

/* Setters often come in bursts (a product update sets five properties), so
 * "changed" waits for the burst to end; high idle runs before redraws. */
static void
queue_changed (ScOverlayScene *self)
{
  if (self->changed_idle_id != 0)
    return;

  self->changed_idle_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, emit_changed_idle, self, NULL);
  g_source_set_name_by_id (self->changed_idle_id, "[shopcast] overlay scene changed");
}

/* @visible is FALSE for content that is not on screen (chat while the
 * panel is hidden): re-rendered when it shows again, but no "changed". */
static void
invalidate (ScOverlayScene *self,
            RegionKind      kind,
            gboolean        visible)
{
  self->regions[kind].dirty = TRUE;
  if (visible)
    queue_changed (self);
}

static gboolean
rect_equal (const ScRect *a,
            const ScRect *b)
{
  return a->x == b->x && a->y == b->y && a->width == b->width && a->height == b->height;
}

static const ScRect *
region_rect (ScOverlayScene *self,
             RegionKind      kind)
{
  switch (kind)
    {
    case REGION_PRODUCT_IMAGE: return &self->geometry.product_image;
    case REGION_CARD: return &self->geometry.card;
    case REGION_CHAT: return &self->geometry.chat;
    case REGION_LOWER_THIRD: return &self->geometry.lower_third;
    case REGION_BUG: return &self->geometry.bug;
    case REGION_QR: return &self->geometry.qr;
    case REGION_BADGES: return &self->geometry.badges;
    case REGION_END_CARD: return &self->geometry.end_card;
    case N_REGIONS:
    default:
      g_assert_not_reached ();
    }
}

/* Only regions whose rect moved or resized are drawn again. */
static void
update_geometry (ScOverlayScene *self)
{
  ScLayoutGeometry old = self->geometry;
  ScRect old_rects[N_REGIONS];

  for (guint i = 0; i < N_REGIONS; i++)
    old_rects[i] = *region_rect (self, i);

  sc_layout_compute (self->layout, self->width, self->height, &self->geometry);

  for (guint i = 0; i < N_REGIONS; i++)
    if (!rect_equal (&old_rects[i], region_rect (self, i)))
      self->regions[i].dirty = TRUE;

  if (memcmp (&old, &self->geometry, sizeof old) != 0)
    queue_changed (self);
}

static cairo_surface_t *
load_image (const char *uri,
            int         width,
            int         height,
            ScImageFit  fit,
            gpointer    user_data)
{
  ScOverlayScene *self = user_data;
  const char *local = g_hash_table_lookup (self->image_locations, uri);

  /* A shop image not downloaded yet: the placeholder for now, no failure. */
  if (local == NULL && (g_str_has_prefix (uri, "https://") || g_str_has_prefix (uri, "http://")))
    return NULL;
  /* Decoded in a worker; the placeholder until image_loaded_cb. */
  return sc_surface_cache_lookup (self->images, local ? local : uri, width, height, fit);
}

/* @path is what was loaded: a local file, or the remote URI's download. */
static char *
remote_uri_for (ScOverlayScene *self,
                const char     *path)
{
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, self->image_locations);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (g_str_equal (value, path))
      return g_strdup (key);
  return g_strdup (path);
}

static void
image_loaded_cb (const char   *path,
                 const GError *error,
                 gpointer      user_data)
{
  ScOverlayScene *self = user_data;
  g_autoptr(ScOverlayScene) hold = g_object_ref (self);

  /* The product image, the card's thumbnail and the logo may all use it. */
  invalidate (self, REGION_PRODUCT_IMAGE, TRUE);
  invalidate (self, REGION_CARD, TRUE);
  invalidate (self, REGION_BUG, TRUE);
  if (error != NULL)
    {
      g_autofree char *uri = remote_uri_for (self, path);

      /* Not a warning: a bad product image is the shop's data, not a bug,
       * and the host hears of it through "image-failed". */
      g_message ("%s", error->message);
      g_signal_emit (self, signals[IMAGE_FAILED], 0, uri, error->message);
    }
}

/* The pinned product's page with the campaign tags; no page, no code. */
static cairo_surface_t *
render_product_qr (ScOverlayScene      *self,
                   const ScDrawContext *ctx,
                   ScProduct           *product,
                   int                  width,
                   int                  height)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *short_link = NULL;
  const char *page = sc_product_get_url (product);

  if (page == NULL)
    return NULL;
  url = sc_campaign_url_build (page, (const char * const *)self->qr_tags, &error);
  if (url == NULL)
    {
      g_debug ("No QR code for %s: %s", sc_product_get_id (product), error->message);
      return NULL;
    }
  short_link = sc_campaign_url_dup_short (page);
  return sc_qr_panel_render (ctx, url, short_link, width, height, self->qr_text);
}

static void
render_region (ScOverlayScene *self,
               RegionKind      kind)
{
  Region *region = &self->regions[kind];
  ScRect rect = *region_rect (self, kind);
  double scale = sc_layout_get_scale (self->width, self->height);
  /* Loading an image may emit "image-failed", whose handlers may change the
   * scene: what is drawn is held in locals until the region is done. */
  g_autoptr(ScProduct) product = self->product ? g_object_ref (self->product) : NULL;
  g_autoptr(ScBrandKit) kit = sc_brand_kit_copy (self->kit);
  g_autofree char *title = g_strdup (self->title);
  ScDrawContext ctx = { self->pango, kit, load_image, self, self->translation, self->locale };
  cairo_surface_t *surface = NULL;
  int x = rect.x;
  int y = rect.y;

  /* Cleared first, so a change made by such a handler is not lost. */
  region->dirty = FALSE;

  if (rect.width > 0 && rect.height > 0)
    {
      switch (kind)
        {
        case REGION_PRODUCT_IMAGE:
          if (product != NULL)
            surface = sc_product_image_render (&ctx, product, rect.width, rect.height);
          break;

        case REGION_CARD:
          g_ptr_array_set_size (self->card_text, 0);
          if (product != NULL)
            surface = sc_product_card_render (&ctx, product, self->low_stock_threshold,
                                              self->claim_keyword, self->claimed, &self->sale,
                                              rect.width,
                                              rect.height, self->card_text);
          break;

        case REGION_BADGES:
          g_ptr_array_set_size (self->badges_text, 0);
          if (product != NULL)
            {
              /* A flash sale's discount is against the price the card
               * strikes through: the regular one. */
              gboolean on_sale = self->sale.state == SC_CARD_SALE_LIVE;
              gint64 regular = on_sale ? sc_product_get_price (product)
                                       : sc_product_get_compare_at_price (product);
              gint64 current = on_sale ? self->sale.price : sc_product_get_price (product);

              surface = sc_badges_render (&ctx, regular, current, self->live, scale,
                                          rect.width, rect.height, self->badges_text);
            }
          break;

        case REGION_QR:
          g_ptr_array_set_size (self->qr_text, 0);
          if (product != NULL && self->product_qr)
            surface = render_product_qr (self, &ctx, product, rect.width, rect.height);
          /* The lower third gives the QR code room, or takes it back. */
          if ((surface == NULL) != (region->surface == NULL))
            self->regions[REGION_LOWER_THIRD].dirty = TRUE;
          break;

        case REGION_END_CARD:
          g_ptr_array_set_size (self->end_card_text, 0);
          if (self->next_start != NULL)
            {
              g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
              g_autofree char *when = sc_end_card_format_start (self->next_start, now,
                                                                self->next_zone, self->locale);

              surface = sc_end_card_render (&ctx, when, self->next_title, self->next_url,
                                            rect.width, rect.height, self->end_card_text);
            }
          break;

        case REGION_CHAT:
          g_ptr_array_set_size (self->chat_text, 0);
          if (self->chat_visible)
            surface = sc_chat_panel_render (&ctx, self->chat, scale, rect.width, rect.height,
                                            self->chat_text);
          /* The panel grows upwards from the bottom of its rect. */
          if (surface != NULL)
            y = rect.y + rect.height - cairo_image_surface_get_height (surface);
          break;

        case REGION_LOWER_THIRD:
          if (self->regions[REGION_QR].surface != NULL
              && rect.x < self->geometry.qr.x && rect.x + rect.width > self->geometry.qr.x)
            rect.width = self->geometry.qr.x - rect.x - 2 * (int)(8 * scale);
          if (self->featured != NULL)
            surface = sc_lower_third_render (&ctx, self->featured, scale, rect.width,
                                             rect.height);
          if (surface != NULL)
            y = rect.y + rect.height - cairo_image_surface_get_height (surface);
          break;

        case REGION_BUG:
          surface = sc_title_bug_render (&ctx, title, scale, rect.width, rect.height);
          break;

        case N_REGIONS:
        default:
          g_assert_not_reached ();
        }
    }

  /* Never drawn into again: a consumer may still hold the old surface. */
  g_clear_pointer (&region->surface, cairo_surface_destroy);
  region->surface = surface;
  region->x = x;
  region->y = y;
}

static void
update_regions (ScOverlayScene *self)
{
  /* A handler of "image-failed" asking for a render gets the regions as
   * they are; its changes are drawn by the next render. */
  if (self->rendering)
    return;

  self->rendering = TRUE;
  for (guint i = 0; i < N_REGIONS; i++)
    if (self->regions[i].dirty)
      render_region (self, i);
  self->rendering = FALSE;
}

static void
on_product_notify (ScProduct      *product,
                   GParamSpec     *pspec,
                   ScOverlayScene *self)
{
  static const char * const card_properties[] = {
    "title", "price", "compare-at-price", "currency", "stock", "claim-code",
  };

  if (g_str_equal (pspec->name, "url"))
    {
      invalidate (self, REGION_QR, self->product_qr);
      return;
    }
  if (g_str_equal (pspec->name, "price") || g_str_equal (pspec->name, "compare-at-price"))
    invalidate (self, REGION_BADGES, TRUE);

  if (g_str_equal (pspec->name, "image-uri"))
    {
      sc_surface_cache_forget_failures (self->images);
      invalidate (self, REGION_CARD, TRUE);
      invalidate (self, REGION_PRODUCT_IMAGE, TRUE);
      return;
    }

  for (guint i = 0; i < G_N_ELEMENTS (card_properties); i++)
    {
      if (g_str_equal (pspec->name, card_properties[i]))
        {
          invalidate (self, REGION_CARD, TRUE);
          return;
        }
    }
}

static void
sc_overlay_scene_dispose (GObject *object)
{
  ScOverlayScene *self = (ScOverlayScene *)object;

  g_clear_handle_id (&self->changed_idle_id, g_source_remove);
  if (self->product != NULL)
    g_clear_signal_handler (&self->product_notify_id, self->product);
  g_clear_object (&self->product);
  g_clear_object (&self->featured);
  if (self->chat != NULL)
    g_ptr_array_set_size (self->chat, 0);

  for (guint i = 0; i < N_REGIONS; i++)
    g_clear_pointer (&self->regions[i].surface, cairo_surface_destroy);
  g_clear_pointer (&self->images, sc_surface_cache_free);
  g_clear_pointer (&self->image_locations, g_hash_table_unref);
  g_clear_object (&self->pango);

  G_OBJECT_CLASS (sc_overlay_scene_parent_class)->dispose (object);
}

static void
sc_overlay_scene_finalize (GObject *object)
{
  ScOverlayScene *self = (ScOverlayScene *)object;

  g_clear_pointer (&self->kit, sc_brand_kit_free);
  g_clear_pointer (&self->chat, g_ptr_array_unref);
  g_clear_pointer (&self->card_text, g_ptr_array_unref);
  g_clear_pointer (&self->chat_text, g_ptr_array_unref);
  g_clear_pointer (&self->qr_text, g_ptr_array_unref);
  g_clear_pointer (&self->badges_text, g_ptr_array_unref);
  g_clear_pointer (&self->end_card_text, g_ptr_array_unref);
  g_clear_pointer (&self->qr_tags, g_strfreev);
  g_clear_pointer (&self->next_start, g_date_time_unref);
  g_clear_pointer (&self->next_zone, g_time_zone_unref);
  g_free (self->next_title);
  g_free (self->next_url);
  g_free (self->claim_keyword);
  g_free (self->locale);
  g_free (self->title);

  G_OBJECT_CLASS (sc_overlay_scene_parent_class)->finalize (object);
}

static void
sc_overlay_scene_class_init (ScOverlaySceneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sc_overlay_scene_dispose;
  object_class->finalize = sc_overlay_scene_finalize;

  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  signals[IMAGE_FAILED] =
    g_signal_new ("image-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2,
                  G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE,
                  G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
sc_overlay_scene_init (ScOverlayScene *self)
{
  self->layout = SC_LAYOUT_SOLO;
  self->kit = sc_brand_kit_new ();
  self->low_stock_threshold = 5;
  self->claim_keyword = g_strdup ("SOLD");
  self->locale = g_strdup (SC_LOCALE_FALLBACK);
  self->translation = sc_translation_get (self->locale);
  self->chat = g_ptr_array_new_with_free_func (g_object_unref);
  self->chat_lines = 6;
  self->chat_visible = TRUE;
  self->pango = sc_draw_pango_context_new ();
  pango_context_set_language (self->pango, pango_language_from_string (self->locale));
  self->images = sc_surface_cache_new (IMAGE_CACHE_ENTRIES, image_loaded_cb, self);
  self->image_locations = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->card_text = g_ptr_array_new_with_free_func (g_free);
  self->chat_text = g_ptr_array_new_with_free_func (g_free);
  self->qr_text = g_ptr_array_new_with_free_func (g_free);
  self->badges_text = g_ptr_array_new_with_free_func (g_free);
  self->end_card_text = g_ptr_array_new_with_free_func (g_free);
}

ScOverlayScene *
sc_overlay_scene_new (int width,
                      int height)
{
  ScOverlayScene *self;

  g_return_val_if_fail (width > 0 && height > 0, NULL);

  self = g_object_new (SC_TYPE_OVERLAY_SCENE, NULL);
  self->width = width;
  self->height = height;
  sc_layout_compute (self->layout, width, height, &self->geometry);

  return self;
}

void
sc_overlay_scene_set_size (ScOverlayScene *self,
                           int             width,
                           int             height)
{
  g_return_if_fail (SC_IS_OVERLAY_SCENE (self));
  g_return_if_fail (width > 0 && height > 0);

  if (self->width == width && self->height == height)
    return;

  self->width = width;
  self->height = height;
  update_geometry (self);
}

void
sc_overlay_scene_set_layout (ScOverlayScene *self,
                             ScLayoutKind    layout)
{
  g_return_if_fail (SC_IS_OVERLAY_SCENE (self));
  g_return_if_fail (layout <= SC_LAYOUT_PRODUCT_FOCUS);

  if (self->layout == layout)
    return;

  self->layout = layout;
  update_geometry (self);
}

ScLayoutKind
sc_overlay_scene_get_layout (ScOverlayScene *self)
{
  g_return_val_if_fail (SC_IS_OVERLAY_SCENE (self), SC_LAYOUT_SOLO);

  return self->layout;
}

const ScLayoutGeometry *
sc_overlay_scene_get_geometry (ScOverlayScene *self)
{
  g_return_val_if_fail (SC_IS_OVERLAY_SCENE (self), NULL);

  return &self->geometry;
}

static gboolean
color_equal (const ScColor *a,
             const ScColor *b)
{
  return a->red == b->red && a->green == b->green && a->blue == b->blue && a->alpha == b->alpha;
}

static gboolean
brand_kit_equal (const ScBrandKit *a,
                 const ScBrandKit *b)
{
  return color_equal (&a->primary, &b->primary)
         && color_equal (&a->accent, &b->accent)
         && color_equal (&a->text, &b->text)
         && g_strcmp0 (a->font_family, b->font_family) == 0
         && g_strcmp0 (a->logo_uri, b->logo_uri) == 0;
}

void
sc_overlay_scene_set_brand_kit (ScOverlayScene   *self,
                                const ScBrandKit *kit)
{
  g_autoptr(ScBrandKit) new_kit = NULL;

  g_return_if_fail (SC_IS_OVERLAY_SCENE (self));

  new_kit = kit != NULL ? sc_brand_kit_copy (kit) : sc_brand_kit_new ();
  if (brand_kit_equal (self->kit, new_kit))
    return;

  sc_brand_kit_free (self->kit);
  self->kit = g_steal_pointer (&new_kit);

  for (guint i = 0; i < N_REGIONS; i++)
    invalidate (self, i, TRUE);
}

void
sc_overlay_scene_set_product (ScOverlayScene *self,
                              ScProduct      *product)
{
  g_return_if_fail (SC_IS_OVERLAY_SCENE (self));
  g_return_if_fail (product == NULL || SC_IS_PRODUCT (product));

  if (self->product == product)
    return;

  if (self->product != NULL)
    g_clear_signal_handler (&self->product_notify_id, self->product);
  g_set_object (&self->product, product);
  if (product != NULL)
    self->product_notify_id = g_signal_connect (product, "notify",
                                                G_CALLBACK (on_product_notify), self);

  /* Re-pinning is how a host retries an image that failed. */
  sc_surface_cache_forget_failures (self->images);
  invalidate (self, REGION_CARD, TRUE);
  invalidate (self, REGION_BADGES, TRUE);
  invalidate (self, REGION_QR, TRUE);
  invalidate (self, REGION_PRODUCT_IMAGE, TRUE);
}

ScProduct *
sc_overlay_scene_get_product (ScOverlayScene *self)
{
  g_return_val_if_fail (SC_IS_OVERLAY_SCENE (self), NULL);

  return self->product;
}

void
sc_overlay_scene_set_low_stock_threshold (ScOverlayScene *self,
                                          guint           threshold)
{
  g_return_if_fail (SC_IS_OVERLAY_SCENE (self));

  if (self->low_stock_threshold == threshold)
    return;

  self->low_stock_threshold = threshold;
  invalidate (self, REGION_CARD, self->product != NULL);
}

void
sc_overlay_scene_set_claim_keyword (ScOverlayScene *self,
                                    const char     *keyword)
{
  g_return_if_fail (SC_IS_OVERLAY_SCENE (self));

  if (keyword == NULL || *keyword == '\0')
    keyword = "SOLD";
  if (g_strcmp0 (self->claim_keyword, keyword) == 0)
    return;

  g_free (self->claim_keyword);
  self->claim_keyword = g_strdup (keyword);
  invalidate (self, REGION_CARD, self->product != NULL);
}

void
sc_overlay_scene_set_locale (ScOverlayScene *self,
                             const char     *locale)
{
  g_return_if_fail (SC_IS_OVERLAY_SCENE (self));

  if (locale == NULL || *locale == '\0')
    locale = SC_LOCALE_FALLBACK;
  if (g_strcmp0 (self->locale, locale) == 0)
    return;

  g_free (self->locale);
  self->locale = g_strdup (locale);
  self->translation = sc_translation_get (locale);
  /* Pango picks fonts and shaping by language (Japanese and Chinese glyphs
   * of the same code point differ). */
  pango_context_set_language (self->pango, pango_language_from_string (locale));
  for (guint kind = 0; kind < N_REGIONS; kind++)
    invalidate (self, (RegionKind)kind, TRUE);
}

const char *
sc_overlay_scene_get_locale (ScOverlayScene *self)
{
  g_return_val_if_fail (SC_IS_OVERLAY_SCENE (self), NULL);

  return self->locale;
}

void
sc_overlay_scene_set_chat_visible (ScOverlayScene *self,
                                   gboolean        visible)
{
  g_return_if_fail (SC_IS_OVERLAY_SCENE (self));

  visible = !!visible;
  if (self->chat_visible == visible)
    return;

  self->chat_visible = visible;
  invalidate (self, REGION_CHAT, self->chat->len > 0);
}

/* Older messages than the panel shows are dropped, not kept: the scene
 * only ever holds what it can draw. */
static gboolean
trim_chat (ScOverlayScene *self)
{
  if (self->chat->len <= self->chat_lines)
    return FALSE;

  g_ptr_array_remove_range (self->chat, 0, self->chat->len - self->chat_lines);
  return TRUE;
}

void
sc_overlay_scene_set_chat_lines (ScOverlayScene *self,
                                 guint           lines)
{
  g_return_if_fail (SC_IS_OVERLAY_SCENE (self));
  g_return_if_fail (lines > 0);

  if (self->chat_lines == lines)
    return;

  self->chat_lines = lines;
  if (trim_chat (self))
    invalidate (self, REGION_CHAT, self->chat_visible);
}

void
sc_overlay_scene_push_chat (ScOverlayScene *self,
                            ScChatMessage  *message)
{
  g_return_if_fail (SC_IS_OVERLAY_SCENE (self));
  g_return_if_fail (SC_IS_CHAT_MESSAGE (message));

  g_ptr_array_add (self->chat, g_object_ref (message));
  trim_chat (self);
  invalidate (self, REGION_CHAT, self->chat_visible);
}

gboolean
sc_overlay_scene_remove_chat (ScOverlayScene *self,
                              const char     *message_id)
{
  g_return_val_if_fail (SC_IS_OVERLAY_SCENE (self), FALSE);

  if (message_id == NULL)
    return FALSE;

  for (guint i = 0; i < self->chat->len; i++)
    {
      ScChatMessage *message = g_ptr_array_index (self->chat, i);

      if (g_strcmp0 (sc_chat_message_get_id (message), message_id) == 0)
        {
          g_ptr_array_remove_index (self->chat, i);
          invalidate (self, REGION_CHAT, self->chat_visible);
          return TRUE;
        }
    }

  return FALSE;
}

void
sc_overlay_scene_clear_chat (ScOverlayScene *self)
{
  g_return_if_fail (SC_IS_OVERLAY_SCENE (self));

  if (self->chat->len == 0)
    return;

  g_ptr_array_set_size (self->chat, 0);
  invalidate (self, REGION_CHAT, self->chat_visible);
}

void
sc_overlay_scene_set_featured (ScOverlayScene *self,
                               ScChatMessage  *message)
{
  g_return_if_fail (SC_IS_OVERLAY_SCENE (self));
  g_return_if_fail (message == NULL || SC_IS_CHAT_MESSAGE (message));

  if (g_set_object (&self->featured, message))
    invalidate (self, REGION_LOWER_THIRD, TRUE);
}

void
sc_overlay_scene_set_title (ScOverlayScene *self,
                            const char     *title)
{
  g_return_if_fail (SC_IS_OVERLAY_SCENE (self));

  if (g_strcmp0 (self->title, title) == 0)
    return;

  g_free (self->title);
  self->title = g_strdup (title);
  invalidate (self, REGION_BUG, TRUE);
}

GPtrArray *
sc_overlay_scene_render (ScOverlayScene *self)
{
  g_autoptr(ScOverlayScene) hold = NULL;
  GPtrArray *regions;

  g_return_val_if_fail (SC_IS_OVERLAY_SCENE (self), NULL);

  /* "image-failed" handlers run inside the render; keep the scene alive. */
  hold = g_object_ref (self);
  update_regions (self);

  regions = g_ptr_array_new_with_free_func ((GDestroyNotify)sc_overlay_region_free);
  for (guint i = 0; i < N_REGIONS; i++)
    {
      ScOverlayRegion *region;

      if (self->regions[i].surface == NULL)
        continue;

      region = g_new0 (ScOverlayRegion, 1);
      region->x = self->regions[i].x;
      region->y = self->regions[i].y;
      region->surface = cairo_surface_reference (self->regions[i].surface);
      g_ptr_array_add (regions, region);
    }

  return regions;
}

cairo_surface_t *
sc_overlay_scene_render_flat (ScOverlayScene  *self,
                              cairo_surface_t *background)
{
  g_autoptr(GPtrArray) regions = NULL;
  cairo_surface_t *surface;
  cairo_t *cr;

  g_return_val_if_fail (SC_IS_OVERLAY_SCENE (self), NULL);

  regions = sc_overlay_scene_render (self);
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, self->width, self->height);
  cr = cairo_create (surface);

  if (background != NULL)
    {
      int bg_width = cairo_image_surface_get_width (background);
      int bg_height = cairo_image_surface_get_height (background);

      if (bg_width > 0 && bg_height > 0)
        {
          cairo_save (cr);
          cairo_scale (cr, (double)self->width / bg_width, (double)self->height / bg_height);
          cairo_set_source_surface (cr, background, 0, 0);
          cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_GOOD);
          cairo_pattern_set_extend (cairo_get_source (cr), CAIRO_EXTEND_PAD);
          cairo_paint (cr);
          cairo_restore (cr);
        }
    }

  for (guint i = 0; i < regions->len; i++)
    {
      ScOverlayRegion *region = g_ptr_array_index (regions, i);

      cairo_set_source_surface (cr, region->surface, region->x, region->y);
      cairo_paint (cr);
    }

  cairo_destroy (cr);
  cairo_surface_flush (surface);

  return surface;
}

guint
sc_overlay_scene_get_images_loading (ScOverlayScene *self)
{
  g_return_val_if_fail (SC_IS_OVERLAY_SCENE (self), 0);
  return sc_surface_cache_get_loading (self->images);
}

guint64
sc_overlay_scene_get_serial (ScOverlayScene *self)
{
  g_return_val_if_fail (SC_IS_OVERLAY_SCENE (self), 0);

  return self->serial;
}

static GStrv
strv_from_array (GPtrArray *array)
{
  GStrv strv = g_new0 (char *, array->len + 1);

  for (guint i = 0; i < array->len; i++)
    strv[i] = g_strdup (g_ptr_array_index (array, i));

  return strv;
}

GStrv
sc_overlay_scene_dup_card_text (ScOverlayScene *self)
{
  g_return_val_if_fail (SC_IS_OVERLAY_SCENE (self), NULL);

  update_regions (self);
  return strv_from_array (self->card_text);
}

GStrv
sc_overlay_scene_dup_chat_text (ScOverlayScene *self)
{
  g_return_val_if_fail (SC_IS_OVERLAY_SCENE (self), NULL);

  update_regions (self);
  return strv_from_array (self->chat_text);
}

void
sc_overlay_scene_set_image_location (ScOverlayScene *self,
                                     const char     *uri,
                                     const char     *local_path)
{
  g_return_if_fail (SC_IS_OVERLAY_SCENE (self));
  g_return_if_fail (uri != NULL);

  if (g_strcmp0 (g_hash_table_lookup (self->image_locations, uri), local_path) == 0)
    return;
  if (local_path != NULL)
    g_hash_table_insert (self->image_locations, g_strdup (uri), g_strdup (local_path));
  else
    g_hash_table_remove (self->image_locations, uri);
  if (self->product != NULL && g_strcmp0 (sc_product_get_image_uri (self->product), uri) == 0)
    {
      invalidate (self, REGION_CARD, TRUE);
      invalidate (self, REGION_PRODUCT_IMAGE, TRUE);
    }
}

void
sc_overlay_scene_set_claimed (ScOverlayScene *self,
                              guint           claimed)
{
  g_return_if_fail (SC_IS_OVERLAY_SCENE (self));

  if (self->claimed == claimed)
    return;
  self->claimed = claimed;
  invalidate (self, REGION_CARD, self->product != NULL);
}

void
sc_overlay_scene_set_sale (ScOverlayScene   *self,
                           const ScCardSale *sale)
{
  ScCardSale none = { SC_CARD_SALE_NONE, 0, 0 };

  g_return_if_fail (SC_IS_OVERLAY_SCENE (self));

  if (sale == NULL)
    sale = &none;
  if (sc_card_sale_equal (&self->sale, sale))
    return;
  /* The countdown ticks every second; the discount badge changes only
   * when the sale starts, ends or changes price. */
  if (self->sale.state != sale->state || self->sale.price != sale->price)
    invalidate (self, REGION_BADGES, self->product != NULL);
  self->sale = *sale;
  invalidate (self, REGION_CARD, self->product != NULL);
}

const ScCardSale *
sc_overlay_scene_get_sale (ScOverlayScene *self)
{
  g_return_val_if_fail (SC_IS_OVERLAY_SCENE (self), NULL);
  return &self->sale;
}

void
sc_overlay_scene_set_product_qr (ScOverlayScene     *self,
                                 gboolean            enabled,
                                 const char * const *tags)
{
  static const char * const none[] = { NULL };

  g_return_if_fail (SC_IS_OVERLAY_SCENE (self));

  enabled = !!enabled;
  if (self->product_qr == enabled
      && g_strv_equal (self->qr_tags ? (const char * const *)self->qr_tags : none,
                       tags ? tags : none))
    return;

  self->product_qr = enabled;
  g_strfreev (self->qr_tags);
  self->qr_tags = g_strdupv ((char **)tags);
  invalidate (self, REGION_QR, self->product != NULL);
}

void
sc_overlay_scene_set_live (ScOverlayScene *self,
                           gboolean        live)
{
  g_return_if_fail (SC_IS_OVERLAY_SCENE (self));

  live = !!live;
  if (self->live == live)
    return;
  self->live = live;
  invalidate (self, REGION_BADGES, self->product != NULL);
}

gboolean
sc_overlay_scene_get_live (ScOverlayScene *self)
{
  g_return_val_if_fail (SC_IS_OVERLAY_SCENE (self), FALSE);

  return self->live;
}

void
sc_overlay_scene_set_end_card (ScOverlayScene *self,
                               GDateTime      *start,
                               GTimeZone      *zone,
                               const char     *title,
                               const char     *url)
{
  g_return_if_fail (SC_IS_OVERLAY_SCENE (self));

  if (self->next_start == NULL && start == NULL)
    return;
  if (self->next_start != NULL && start != NULL && g_date_time_equal (self->next_start, start)
      && self->next_zone == zone && g_strcmp0 (self->next_title, title) == 0
      && g_strcmp0 (self->next_url, url) == 0)
    return;

  g_clear_pointer (&self->next_start, g_date_time_unref);
  g_clear_pointer (&self->next_zone, g_time_zone_unref);
  g_clear_pointer (&self->next_title, g_free);
  g_clear_pointer (&self->next_url, g_free);
  if (start != NULL)
    {
      self->next_start = g_date_time_ref (start);
      self->next_zone = zone != NULL ? g_time_zone_ref (zone) : NULL;
      self->next_title = g_strdup (title);
      self->next_url = g_strdup (url);
    }
  invalidate (self, REGION_END_CARD, TRUE);
}

gboolean
sc_overlay_scene_get_end_card_visible (ScOverlayScene *self)
{
  g_return_val_if_fail (SC_IS_OVERLAY_SCENE (self), FALSE);

  return self->next_start != NULL;
}

GStrv
sc_overlay_scene_dup_region_text (ScOverlayScene *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  GPtrArray *arrays[3];

  g_return_val_if_fail (SC_IS_OVERLAY_SCENE (self), NULL);

  update_regions (self);
  arrays[0] = self->badges_text;
  arrays[1] = self->qr_text;
  arrays[2] = self->end_card_text;
  for (guint i = 0; i < G_N_ELEMENTS (arrays); i++)
    for (guint j = 0; j < arrays[i]->len; j++)
      g_strv_builder_add (builder, g_ptr_array_index (arrays[i], j));
  return g_strv_builder_end (builder);
}
