/* config_overlay.c - cevns_config_apply_model: keys of the "model" section, given as a JSON
 * object, read over a config's model with the same tables (config_model.c) and so the same
 * checks and messages as the reader; the keys it does not give keep their values. */
#include "config/config_schema.h"

cevns_status cevns_config_apply_model(cevns_config *cfg, const char *json, const char *where, cevns_error *err) {
    cfg_ctx ctx = {where ? where : "<model>", err};
    cevns_model_config model = cfg->model;
    cfg_frame frame = {&ctx, NULL, "model", &model, NULL, -1, 0};
    cJSON *root = NULL;
    cevns_status st = cfg_parse_json(&ctx, json, &root);
    if (st == CEVNS_OK && !cJSON_IsObject(root))
        st = cevns_error_set(err, CEVNS_ECONFIG, "%s: the model keys must be a JSON object", ctx.file);
    if (st == CEVNS_OK) {
        frame.obj = root;
        st = cfg_read_object(&frame, &cfg_model_schema);
    }
    if (st == CEVNS_OK) cfg->model = model; /* all or nothing */
    cJSON_Delete(root);
    return st;
}
