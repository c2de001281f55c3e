using System.Globalization;
using System.Text;

namespace EdgeSecurity.Hub.Reports;

/// <summary>
/// The report as one CSV table (section, key, name_zh, name_en, value), UTF-8 with a byte-order mark so that Excel
/// opens the Chinese names correctly.
/// </summary>
public static class ReportCsv
{
    public static byte[] Render(IncidentReport report)
    {
        var csv = new StringBuilder();
        void Row(string section, string key, string zh, string en, object? value) =>
            csv.Append(Cell(section)).Append(',').Append(Cell(key)).Append(',').Append(Cell(zh)).Append(',').Append(Cell(en)).Append(',')
               .Append(Cell(Convert.ToString(value, CultureInfo.InvariantCulture) ?? "")).Append("\r\n");

        Row("section", "key", "name_zh", "name_en", "value");
        Row("summary", "place", report.PlaceName, report.PlaceName, report.PlaceId);
        Row("summary", "period", "统计周期", "Period", report.Label);
        Row("summary", "incidents", "事件数", "Incidents", report.Incidents);
        Row("summary", "events", "报警数", "Events", report.Events);
        foreach (var r in report.ByType)
            Row("by_type", r.Key, r.NameZh, r.NameEn, r.Count);
        foreach (var r in report.ByLevel)
            Row("by_level", r.Key, r.NameZh, r.NameEn, r.Count);
        foreach (var r in report.ByPlace)
            Row("by_place", r.Key, r.NameZh, r.NameEn, r.Count);
        foreach (var (name, stats) in new[] { ("response", report.Response), ("resolution", report.Resolution) })
        {
            Row(name, "p50_minutes", "中位数（分钟）", "p50 (minutes)", stats.P50Minutes);
            Row(name, "p90_minutes", "90分位（分钟）", "p90 (minutes)", stats.P90Minutes);
            Row(name, "max_minutes", "最长（分钟）", "max (minutes)", stats.MaxMinutes);
        }
        foreach (var s in report.ResolvedByTier)
            Row("resolved_at_or_below", ApiNames.Of(s.Tier), TierZh(s.Tier), s.Tier.ToString(), s.ShareAtOrBelow.ToString("0.0000", CultureInfo.InvariantCulture));
        foreach (var d in report.FalseAlarmsByDevice)
            Row("false_alarm_rate", $"{d.GatewayId}/{d.DeviceId}", d.PlacePath, d.PlacePath, d.Rate.ToString("0.0000", CultureInfo.InvariantCulture));
        foreach (var r in report.TopRecurringPlaces)
            Row("top_places", r.Key, r.NameZh, r.NameEn, r.Count);
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv.ToString())];
    }

    public static string TierZh(Places.EscalationTier tier) => tier switch
    {
        Places.EscalationTier.Community => "社区",
        Places.EscalationTier.Street => "街镇",
        _ => "县区",
    };

    // A leading = + - @ is quoted with an apostrophe so that a place name cannot become a spreadsheet formula.
    private static string Cell(string text)
    {
        if (text.Length > 0 && "=+-@".Contains(text[0], StringComparison.Ordinal) && !double.TryParse(text, CultureInfo.InvariantCulture, out _))
            text = "'" + text;
        return text.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? $"\"{text.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : text;
    }
}
