namespace EdgeSecurity.Bindings.Mosquitto;

/// <summary>MQTT topic-filter matching, used to route received messages to the handlers that asked for them.</summary>
internal static class TopicFilter
{
    private const string SharePrefix = "$share/";

    /// <summary>True when a message published to <paramref name="topic"/> falls under <paramref name="filter"/>.</summary>
    public static bool Matches(string filter, string topic)
    {
        var filterSpan = WithoutShareGroup(filter);
        var topicSpan = topic.AsSpan();

        // MQTT: wildcards at the first level do not reach $-topics such as $SYS.
        if (topicSpan.StartsWith('$') && (filterSpan.StartsWith('+') || filterSpan.StartsWith('#')))
        {
            return false;
        }

        var topicLevels = topicSpan.Split('/');
        foreach (var filterRange in filterSpan.Split('/'))
        {
            var filterLevel = filterSpan[filterRange];
            if (filterLevel is "#")
            {
                return true;
            }

            if (!topicLevels.MoveNext())
            {
                return false;
            }

            if (filterLevel is not "+" && !filterLevel.SequenceEqual(topicSpan[topicLevels.Current]))
            {
                return false;
            }
        }

        return !topicLevels.MoveNext();
    }

    /// <summary>The broker delivers "$share/group/filter" messages under their real topic, so match on "filter".</summary>
    private static ReadOnlySpan<char> WithoutShareGroup(string filter)
    {
        if (!filter.StartsWith(SharePrefix, StringComparison.Ordinal))
        {
            return filter;
        }

        var groupEnd = filter.IndexOf('/', SharePrefix.Length);
        return groupEnd < 0 ? ReadOnlySpan<char>.Empty : filter.AsSpan(groupEnd + 1);
    }
}
