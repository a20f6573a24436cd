/* sc-claim-item.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sc-claim-item"

#include "config.h"

#include "ui/sc-claim-item.h"

struct _ScClaimItem
{
  GObject  parent_instance;

  ScClaim  *claim;
  gboolean  cancelled;
};

G_DEFINE_FINAL_TYPE (ScClaimItem, sc_claim_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PLATFORM,
  PROP_MESSAGE_ID,
  PROP_AUTHOR,
  PROP_CODE,
  PROP_PRODUCT_ID,
  PROP_PRODUCT_TITLE,
  PROP_VARIANT,
  PROP_QUANTITY,
  PROP_WAITLISTED,
  PROP_TIME,
  PROP_CANCELLED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
sc_claim_item_finalize (GObject *object)
{
  ScClaimItem *self = (ScClaimItem *)object;

  g_clear_pointer (&self->claim, sc_claim_free);

  G_OBJECT_CLASS (sc_claim_item_parent_class)->finalize (object);
}

static void
sc_claim_item_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  ScClaimItem *self = SC_CLAIM_ITEM (object);
  const ScClaim *claim = self->claim;

  switch (prop_id)
    {
    case PROP_PLATFORM:
      g_value_set_string (value, claim->platform);
      break;
    case PROP_MESSAGE_ID:
      g_value_set_string (value, claim->message_id);
      break;
    case PROP_AUTHOR:
      g_value_set_string (value, claim->author);
      break;
    case PROP_CODE:
      g_value_set_string (value, claim->code);
      break;
    case PROP_PRODUCT_ID:
      g_value_set_string (value, claim->product_id);
      break;
    case PROP_PRODUCT_TITLE:
      g_value_set_string (value, claim->product_title);
      break;
    case PROP_VARIANT:
      g_value_set_string (value, claim->variant);
      break;
    case PROP_QUANTITY:
      g_value_set_uint (value, claim->quantity);
      break;
    case PROP_WAITLISTED:
      g_value_set_boolean (value, claim->waitlisted);
      break;
    case PROP_TIME:
      g_value_set_boxed (value, claim->time);
      break;
    case PROP_CANCELLED:
      g_value_set_boolean (value, self->cancelled);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sc_claim_item_class_init (ScClaimItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = sc_claim_item_finalize;
  object_class->get_property = sc_claim_item_get_property;

  properties[PROP_PLATFORM] = g_param_spec_string ("platform", NULL, NULL, NULL, flags);
  properties[PROP_MESSAGE_ID] = g_param_spec_string ("message-id", NULL, NULL, NULL, flags);
  properties[PROP_AUTHOR] = g_param_spec_string ("author", NULL, NULL, NULL, flags);
  properties[PROP_CODE] = g_param_spec_string ("code", NULL, NULL, NULL, flags);
  properties[PROP_PRODUCT_ID] = g_param_spec_string ("product-id", NULL, NULL, NULL, flags);
  properties[PROP_PRODUCT_TITLE] =
    g_param_spec_string ("product-title", NULL, NULL, NULL, flags);
  properties[PROP_VARIANT] = g_param_spec_string ("variant", NULL, NULL, NULL, flags);
  properties[PROP_QUANTITY] = g_param_spec_uint ("quantity", NULL, NULL, 0, 99, 1, flags);
  properties[PROP_WAITLISTED] = g_param_spec_boolean ("waitlisted", NULL, NULL, FALSE, flags);
  properties[PROP_TIME] = g_param_spec_boxed ("time", NULL, NULL, G_TYPE_DATE_TIME, flags);
  properties[PROP_CANCELLED] = g_param_spec_boolean ("cancelled", NULL, NULL, FALSE, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sc_claim_item_init (ScClaimItem *self)
{
}

ScClaimItem *
sc_claim_item_new (const ScClaim *claim)
{
  ScClaimItem *self;

  g_return_val_if_fail (claim != NULL, NULL);

  self = g_object_new (SC_TYPE_CLAIM_ITEM, NULL);
  self->claim = sc_claim_copy (claim);
  return self;
}

const char *
sc_claim_item_get_platform (ScClaimItem *self)
{
  g_return_val_if_fail (SC_IS_CLAIM_ITEM (self), NULL);
  return self->claim->platform;
}

const char *
sc_claim_item_get_message_id (ScClaimItem *self)
{
  g_return_val_if_fail (SC_IS_CLAIM_ITEM (self), NULL);
  return self->claim->message_id;
}

const char *
sc_claim_item_get_author (ScClaimItem *self)
{
  g_return_val_if_fail (SC_IS_CLAIM_ITEM (self), NULL);
  return self->claim->author;
}

const char *
sc_claim_item_get_code (ScClaimItem *self)
{
  g_return_val_if_fail (SC_IS_CLAIM_ITEM (self), NULL);
  return self->claim->code;
}

const char *
sc_claim_item_get_product_id (ScClaimItem *self)
{
  g_return_val_if_fail (SC_IS_CLAIM_ITEM (self), NULL);
  return self->claim->product_id;
}

const char *
sc_claim_item_get_product_title (ScClaimItem *self)
{
  g_return_val_if_fail (SC_IS_CLAIM_ITEM (self), NULL);
  return self->claim->product_title;
}

const char *
sc_claim_item_get_variant (ScClaimItem *self)
{
  g_return_val_if_fail (SC_IS_CLAIM_ITEM (self), NULL);
  return self->claim->variant;
}

guint
sc_claim_item_get_quantity (ScClaimItem *self)
{
  g_return_val_if_fail (SC_IS_CLAIM_ITEM (self), 0);
  return self->claim->quantity;
}

gboolean
sc_claim_item_get_waitlisted (ScClaimItem *self)
{
  g_return_val_if_fail (SC_IS_CLAIM_ITEM (self), FALSE);
  return self->claim->waitlisted;
}

GDateTime *
sc_claim_item_get_time (ScClaimItem *self)
{
  g_return_val_if_fail (SC_IS_CLAIM_ITEM (self), NULL);
  return self->claim->time;
}

gboolean
sc_claim_item_get_cancelled (ScClaimItem *self)
{
  g_return_val_if_fail (SC_IS_CLAIM_ITEM (self), FALSE);
  return self->cancelled;
}

void
sc_claim_item_set_cancelled (ScClaimItem *self,
                             gboolean     cancelled)
{
  g_return_if_fail (SC_IS_CLAIM_ITEM (self));

  cancelled = !!cancelled;
  if (self->cancelled == cancelled)
    return;
  self->cancelled = cancelled;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CANCELLED]);
}
