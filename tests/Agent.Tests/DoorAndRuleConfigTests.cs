using EdgeSecurity.Agent.Configuration;
using EdgeSecurity.Agent.Schedules;
using EdgeSecurity.Bindings.Gpiod;
using EdgeSecurity.Contract;

namespace EdgeSecurity.Agent.Tests;

/// <summary>The door, rule and mode keys of the agent config: what they read, and every bad value reported where it is.</summary>
public class DoorAndRuleConfigTests
{
    private const string Head = "gateway:\n  id: gw-1\n  community: cm-1\nbroker:\n  host: 127.0.0.1\n";

    private static ConfigLoadResult Parse(string yaml) => ConfigLoader.Parse(Head + yaml, "agent.yaml", "/etc/edgesecurity");

    [Fact]
    public void A_gpio_door_with_every_key_reads_as_written()
    {
        var config = Parse("""
            gateway:
              timeZone: Asia/Shanghai
            doors:
              - id: door-7
                source: gpio
                chip: gpiochip0
                line: GPIO17
                activeLow: false
                bias: disabled
                contact: "no"
                debounceMs: 50
                releaseLine: "22"
                tamperLine: "23"
                armedDuring: ["mon-fri 23:00-06:00", "sat,sun 20:00-08:00"]
                stuckLineHours: 72
                chatterEdges: 8
                chatterSeconds: 5
                care: { noActivityHours: 12, quietHours: ["22:00-07:00"] }
                place: { building: "5", room: "301", grid: grid-9 }
            """.Replace("gateway:\n  timeZone: Asia/Shanghai\n", "", StringComparison.Ordinal));

        Assert.True(config.Succeeded, string.Join('\n', config.Errors));
        var door = Assert.Single(config.Config!.Doors);
        Assert.Equal(new DoorLines("gpiochip0", "GPIO17", false, GpioBias.Disabled, ContactType.NormallyOpen, TimeSpan.FromMilliseconds(50), "22", "23"), door.Lines);
        Assert.Equal(["mon,tue,wed,thu,fri 23:00-06:00", "sun,sat 20:00-08:00"], door.ArmedDuring!.Select(r => r.ToString()));
        Assert.Equal(new LineSupervision(8, TimeSpan.FromSeconds(5), TimeSpan.FromHours(72)), door.Supervision);
        Assert.Equal(TimeSpan.FromHours(12), door.Care!.NoActivityAfter);
        Assert.Equal("grid-9", door.Place.Grid);
        Assert.Equal(GatewayConfig.DefaultTimeZone, config.Config.Gateway.TimeZone);
    }

    [Fact]
    public void Rules_and_modes_read_as_written()
    {
        var config = Parse("""
            fusion:
              - { name: confirmed-fire, when: [fire.smoke_alarm, fire.visible_smoke], samePlace: floor, withinSeconds: 60, raise: fire.confirmed }
            maintenance:
              - { devices: [door-1], when: "sun 02:00-04:00" }
              - { when: ["01:00-01:30"] }
            testDevices: [door-2]
            modes:
              heightened: { heldOpenSeconds: 30, levels: { security.door_held_open: 2 }, fusionWithinSeconds: { confirmed-fire: 180 } }
              emergency: { armAllDoors: true }
            commands: { maxAgeSeconds: 120 }
            """);

        Assert.True(config.Succeeded, string.Join('\n', config.Errors));
        var rules = config.Config!.EventRules;
        var rule = Assert.Single(rules.Fusion);
        Assert.Equal(("confirmed-fire", PlaceScope.Floor, TimeSpan.FromSeconds(60), EventTypes.ConfirmedFire, WarningLevel.Alarm),
            (rule.Name, rule.SamePlace, rule.Within, rule.Raise, rule.Level));
        Assert.Equal([EventTypes.SmokeAlarm, EventTypes.VisibleSmoke], rule.When);
        Assert.Equal(2, rules.Maintenance.Count);
        Assert.Empty(rules.Maintenance[1].Devices);
        Assert.Equal(["door-2"], rules.TestDevices);
        Assert.Equal(WarningLevel.Warning, rules.For(GatewayMode.Heightened).Levels[EventTypes.DoorHeldOpen]);
        Assert.Equal(TimeSpan.FromSeconds(30), rules.For(GatewayMode.Heightened).HeldOpenAtMost);
        Assert.True(rules.For(GatewayMode.Emergency).ArmAllDoors);
        Assert.Equal(TimeSpan.FromSeconds(180), rules.For(GatewayMode.Heightened).WindowOf(rule));
        Assert.Equal(TimeSpan.FromSeconds(60), rules.For(GatewayMode.Emergency).WindowOf(rule));
        Assert.Same(ModeConfig.Unchanged, rules.For(GatewayMode.Normal));
        Assert.Equal(TimeSpan.FromSeconds(120), rules.CommandMaxAge);
    }

    [Theory]
    [InlineData("doors:\n  - id: d\n    armedDuring: [\"23:00-25:00\"]\n", "agent.yaml:8:19: doors[0].armedDuring[0]: '23:00-25:00' is not valid; expected " + TimeRange.Format)]
    [InlineData("doors:\n  - id: d\n    armed: true\n    armedDuring: \"mon 23:00-06:00\"\n", "agent.yaml:8:12: doors[0].armed: both 'armed' and 'armedDuring' are given; expected either armed: true|false or an armedDuring schedule")]
    [InlineData("doors:\n  - id: d\n    armedDuring: \"mo 23:00-06:00\"\n", "agent.yaml:8:18: doors[0].armedDuring: 'mo 23:00-06:00' is not valid; expected " + TimeRange.Format)]
    [InlineData("doors:\n  - id: d\n    chip: gpiochip0\n", "agent.yaml:8:11: doors[0].chip: 'chip' applies to GPIO doors only; expected source: gpio, or no line settings for a simulated door")]
    [InlineData("doors:\n  - id: d\n    source: gpio\n    chip: gpiochip0\n    line: 4\n    tamperLine: \"4\"\n", "agent.yaml:11:17: doors[0].tamperLine: line '4' is already used by this door; expected three different lines for contact, release and tamper")]
    [InlineData("doors:\n  - id: d\n    source: gpio\n    chip: gpiochip0\n    line: 4\n    bias: up\n", "agent.yaml:11:11: doors[0].bias: 'up' is not valid; expected pull-up, pull-down, disabled (an external resistor defines the level) or as-is")]
    [InlineData("doors:\n  - id: d\n    chatterEdges: 1\n", "agent.yaml:8:19: doors[0].chatterEdges: 1 is out of range; expected 0 (no chatter watch) or an integer number of changes from 2 to 1000")]
    [InlineData("doors:\n  - id: d\n    care: { quietHours: [\"22:00-07:00\"] }\n", "agent.yaml:8:11: doors[0].care.noActivityHours: is missing; expected the hours without door activity that raise care.no_activity, 1 to 336")]
    [InlineData("fusion:\n  - { name: f, when: [fire.smoke_alarm, fire.visible_smoke, fire.dragon], raise: fire.confirmed }\n", "agent.yaml:7:61: fusion[0].when[2]: 'fire.dragon' is not valid; expected an event type of contract version 1, e.g. fire.smoke_alarm")]
    [InlineData("fusion:\n  - { name: f, when: [fire.smoke_alarm, fire.visible_smoke], raise: fire.big }\n", "agent.yaml:7:69: fusion[0].raise: unknown event type 'fire.big'; expected an event type of contract version 1, e.g. fire.smoke_alarm")]
    [InlineData("modes:\n  emergncy: { armAllDoors: true }\n", "agent.yaml:7:3: modes.emergncy: unknown key 'emergncy' (did you mean 'emergency'?); expected one of: normal, heightened, emergency")]
    [InlineData("modes:\n  emergency: { levels: { fire.confirmed: 4 } }\n", "agent.yaml:7:42: modes.emergency.levels.fire.confirmed: 4 is out of range; expected an integer number of warning level (1 notice, 2 warning, 3 alarm) from 1 to 3")]
    [InlineData("modes:\n  heightened: { fusionWithinSeconds: { fire-rule: 90 } }\n", "agent.yaml:7:51: modes.heightened.fusionWithinSeconds.fire-rule: no fusion rule is named 'fire-rule'; expected the name of a rule under fusion")]
    [InlineData("testDevices: [\"door 1\"]\n", "agent.yaml:6:15: testDevices[0]: 'door 1' is not valid; expected a list of device ids whose events are marked as tests")]
    public void A_bad_sensor_or_rule_value_is_reported_where_it_is(string yaml, string error)
    {
        var result = Parse(yaml);

        Assert.False(result.Succeeded);
        Assert.Equal(error, Assert.Single(result.Errors).ToString());
    }

    [Fact]
    public void An_unknown_time_zone_is_reported()
    {
        var result = ConfigLoader.Parse(Head.Replace("  community: cm-1\n", "  community: cm-1\n  timeZone: Mars/Olympus\n", StringComparison.Ordinal), "agent.yaml", "/");

        Assert.Equal("agent.yaml:4:13: gateway.timeZone: unknown time zone 'Mars/Olympus'; expected an IANA time zone such as Asia/Shanghai (install the tzdata package if it is missing)",
            Assert.Single(result.Errors).ToString());
    }

    [Theory]
    [InlineData("23:00-06:00", "2026-11-23T23:30", true)]
    [InlineData("23:00-06:00", "2026-11-24T05:59", true)]
    [InlineData("23:00-06:00", "2026-11-24T06:00", false)]
    [InlineData("23:00-06:00", "2026-11-23T22:59", false)]
    [InlineData("fri 23:00-06:00", "2026-11-28T02:00", true)]
    [InlineData("fri 23:00-06:00", "2026-11-27T02:00", false)]
    [InlineData("mon-fri 08:00-18:00", "2026-11-29T09:00", false)]
    [InlineData("sat-mon 08:00-18:00", "2026-11-29T09:00", true)]
    [InlineData("sat 00:00-00:00", "2026-11-28T13:00", true)]
    public void A_time_range_covers_its_hours_past_midnight_on_its_starting_weekdays(string range, string local, bool inside)
    {
        Assert.True(TimeRange.TryParse(range, out var parsed));

        Assert.Equal(inside, parsed.Contains(DateTime.Parse(local, System.Globalization.CultureInfo.InvariantCulture)));
    }
}
