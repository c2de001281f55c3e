namespace EdgeSecurity.Cli.Localization;

/// <summary>The two languages installers read. Messages, help and parse errors all follow the one chosen.</summary>
public enum Language
{
    English,
    SimplifiedChinese,
}

public static class LanguageNames
{
    public const string English = "en";
    public const string SimplifiedChinese = "zh-CN";

    public static IReadOnlyList<string> All { get; } = [SimplifiedChinese, English];

    private static readonly string[] LocaleVariables = ["LC_ALL", "LC_MESSAGES", "LANG"];

    public static string CultureOf(Language language) => language == Language.SimplifiedChinese ? SimplifiedChinese : English;

    public static Language? Parse(string? name) => name switch
    {
        _ when string.Equals(name, SimplifiedChinese, StringComparison.OrdinalIgnoreCase) => Language.SimplifiedChinese,
        _ when string.Equals(name, English, StringComparison.OrdinalIgnoreCase) => Language.English,
        _ => null,
    };

    /// <summary>
    /// The OS locale as POSIX orders it (LC_ALL over LC_MESSAGES over LANG): a Chinese locale (zh_CN.UTF-8, zh_TW ...)
    /// means Chinese, anything else English.
    /// </summary>
    public static Language FromEnvironment(Func<string, string?> variable)
    {
        var locale = LocaleVariables.Select(variable).FirstOrDefault(v => !string.IsNullOrEmpty(v));
        return locale is not null && locale.StartsWith("zh", StringComparison.OrdinalIgnoreCase) ? Language.SimplifiedChinese : Language.English;
    }
}
