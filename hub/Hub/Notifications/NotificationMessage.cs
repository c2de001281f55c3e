using System.Globalization;
using System.Text;
using EdgeSecurity.Contract;
using EdgeSecurity.Hub.Incidents;

namespace EdgeSecurity.Hub.Notifications;

/// <summary>
/// An incident as people read it on a phone: a title and a few lines in zh-CN with the English names beside, the
/// place by name, the local time and the evidence link. Adapters put it in their own message format.
/// </summary>
public sealed record NotificationMessage(Incident Incident, string Title, IReadOnlyList<string> Lines)
{
    public string Text => string.Join('\n', Lines);

    public static NotificationMessage For(Incident incident, Site.Site site, TimeZoneInfo zone)
    {
        var level = incident.Level switch
        {
            WarningLevel.Alarm => "报警 Alarm",
            WarningLevel.Warning => "预警 Warning",
            _ => "提示 Notice",
        };
        var title = $"【{level}】{incident.TypeName.Zh} {incident.TypeName.En}";
        var local = TimeZoneInfo.ConvertTime(incident.OccurredAt, zone);
        var lines = new List<string>
        {
            title,
            $"地点 Place: {PlaceText(incident, site)}",
            $"时间 Time: {local.ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture)}",
            $"设备 Device: {incident.GatewayId} / {incident.DeviceId}",
        };
        if (incident.Evidence is { } evidence)
            lines.Add($"证据 Evidence: {evidence.Uri}");
        lines.Add($"编号 Incident: {incident.Id}");
        return new NotificationMessage(incident, title, lines);
    }

    private static string PlaceText(Incident incident, Site.Site site)
    {
        var place = incident.Place;
        var text = new StringBuilder(site.Place(incident.Community)?.Name ?? incident.Community);
        if (site.Grid(incident.Community, place.Grid) is { } grid)
            text.Append(" / ").Append(grid.Name);
        if (place.Building is { } building)
            text.Append(" / ").Append(building).Append("号楼");
        if (place.Unit is { } unit)
            text.Append(' ').Append(unit).Append("单元");
        if (place.Floor is { } floor)
            text.Append(' ').Append(floor).Append('层');
        if (place.Room is { } room)
            text.Append(' ').Append(room).Append('室');
        return text.ToString();
    }
}
