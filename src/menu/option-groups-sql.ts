/**
 * The `option_groups` of the menu row aliased `m`, as JSON in the item's own row: a read of any
 * number of items stays one statement (no query per item or group).
 */
export const OPTION_GROUPS_JSON = `
  COALESCE((
    SELECT json_agg(json_build_object(
             'id', g.id, 'name', g.name, 'min_select', g.min_select, 'max_select', g.max_select,
             'display_order', g.display_order,
             'options', COALESCE((
               SELECT json_agg(json_build_object(
                        'id', o.id, 'name', o.name, 'price_delta', o.price_delta,
                        'is_available', o.is_available, 'display_order', o.display_order)
                      ORDER BY o.display_order, o.id)
               FROM menu_options o WHERE o.group_id = g.id), '[]'::json))
           ORDER BY g.display_order, g.id)
    FROM menu_option_groups g WHERE g.menu_id = m.id), '[]'::json) AS option_groups`;
