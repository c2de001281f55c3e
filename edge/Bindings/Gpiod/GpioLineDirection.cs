namespace EdgeSecurity.Bindings.Gpiod;

public enum GpioLineDirection
{
    Input,
    Output,
}
