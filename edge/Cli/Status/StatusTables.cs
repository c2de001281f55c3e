using EdgeSecurity.Cli.Localization;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace EdgeSecurity.Cli.Status;

/// <summary>The agent's status as an installer reads it: a summary grid, then one row per door.</summary>
public static class StatusTables
{
    public static IRenderable Render(AgentStatus status, Messages messages)
    {
        ArgumentNullException.ThrowIfNull(status);
        ArgumentNullException.ThrowIfNull(messages);
        var summary = new Grid().AddColumn().AddColumn();
        summary.AddRow(Escaped(messages.Gateway), Escaped(status.Gateway));
        summary.AddRow(Escaped(messages.Broker), status.BrokerConnected ? $"[green]{Markup.Escape(messages.Connected)}[/]" : $"[red]{Markup.Escape(messages.Disconnected)}[/]");
        if (status.Outbox is { } outbox)
            summary.AddRow(Escaped(messages.Outbox), Escaped(messages.OutboxWaiting(outbox.Events, outbox.States, outbox.Telemetry)));

        if (status.Doors.Count == 0)
            return new Rows(summary, new Text(messages.NoDoors));
        var doors = new Table().AddColumns(Escaped(messages.Door), Escaped(messages.State), Escaped(messages.Armed));
        foreach (var door in status.Doors)
            doors.AddRow(Escaped(door.Id), Escaped(door.Open ? messages.DoorOpen : messages.DoorClosed), Escaped(door.Armed ? messages.Yes : messages.No));
        return new Rows(summary, doors);
    }

    private static string Escaped(string text) => Markup.Escape(text);
}
