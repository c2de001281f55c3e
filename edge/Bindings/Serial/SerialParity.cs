namespace EdgeSecurity.Bindings.Serial;

public enum SerialParity
{
    None,
    Even,
    Odd,
}
