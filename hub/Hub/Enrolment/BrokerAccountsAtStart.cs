namespace EdgeSecurity.Hub.Enrolment;

/// <summary>
/// Writes the broker's account files once at start, so a changed hub password or a file lost or edited by hand is put
/// right without waiting for the next enrolment. A failure is logged and the hub runs on: ingestion does not need it.
/// </summary>
public sealed class BrokerAccountsAtStart(EnrolmentStore store, BrokerAccountFiles files, ILogger<BrokerAccountsAtStart> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!files.IsConfigured)
            return;
        try
        {
            await files.WriteAsync(await store.AccountsAsync(cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        }
        catch (BrokerProvisioningException e)
        {
            logger.LogError("Broker accounts were not written at start: {Reason}. Gateways cannot enrol until this is fixed.", e.Message);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
