namespace EdgeSecurity.Upstream.Governance;

/// <summary>Where and how records go. Bound from <c>Hub:Upstream:Governance:*</c> by the hub (keys in README.md).</summary>
public sealed class GovernanceSenderOptions
{
    /// <summary>The centre's intake URL (HTTPS; plain HTTP only on loopback, for tests and the demo).</summary>
    public required Uri Endpoint { get; init; }

    /// <summary>The CloudEvents <c>source</c>: who we are, e.g. <c>urn:edgesecurity:hub:yangguang-huayuan</c>.</summary>
    public required string Source { get; init; }

    public required SigningKey Key { get; init; }

    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(15);

    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>A PKCS#12 file with our client certificate and key, for centres that require mutual TLS; null for none.</summary>
    public string? ClientCertificatePath { get; init; }

    public string? ClientCertificatePassword { get; init; }

    /// <summary>Refuses settings that would leak records: a plain-HTTP endpoint off loopback.</summary>
    public void Validate()
    {
        if (Endpoint.Scheme != Uri.UriSchemeHttps && !(Endpoint.Scheme == Uri.UriSchemeHttp && Endpoint.IsLoopback))
            throw new ArgumentException($"the governance endpoint {Endpoint} must be https (plain http is only allowed on loopback)");
        if (string.IsNullOrWhiteSpace(Source))
            throw new ArgumentException("the CloudEvents source of this hub is required");
        if (ClientCertificatePath is not null && !File.Exists(ClientCertificatePath))
            throw new ArgumentException($"the client certificate {ClientCertificatePath} does not exist");
    }
}
