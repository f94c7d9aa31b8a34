// The browser's IANA time zone (e.g. "Europe/Berlin"): the default for a new schedule.
export function timeZone() {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
}
