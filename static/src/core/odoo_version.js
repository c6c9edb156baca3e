// Part of customer_lifecycle. See LICENSE file for full copyright and licensing details.
/**
 * The one place where the Solar Hijri web client reads which Odoo it runs on (18 or 19),
 * for what their web clients do differently (see its uses).
 *
 * The session says it (server_version_info, as odoo.info does). HOOT's unit tests mock
 * the session with version 1.0: there, the version is told by web's own modules, 19.0
 * having added the time picker (@web/core/time_picker/time_picker) that 18.0 lacks.
 */
import { session } from "@web/session";

const TIME_PICKER_SINCE_19 = "@web/core/time_picker/time_picker";

function odooMajor() {
    const major = Number(session.server_version_info?.[0]);
    if (major >= 18) {
        return major;
    }
    return odoo.loader.factories.has(TIME_PICKER_SINCE_19) ? 19 : 18;
}

/** The major version of the Odoo serving this web client: 18 or 19. */
export const ODOO_MAJOR = odooMajor();
