using System.Buffers.Binary;
using EdgeSecurity.Modbus;
using EdgeSecurity.Modbus.Rtu;

namespace EdgeSecurity.Fuzz.Tests;

/// <summary>
/// The RTU frame decoder on both sides: the slave's integrity check and request decoding, the master's check of an
/// answer against its request. Mutations keep the CRC valid half of the time, so decoding past it is exercised too.
/// </summary>
public sealed class ModbusFuzzTests
{
    private static readonly TimeSpan SuiteBudget = TimeSpan.FromSeconds(1);

    private static readonly ModbusRequest[] Requests =
    [
        ModbusRequest.Read(RegisterKind.Holding, 1, 0, 10),
        ModbusRequest.Read(RegisterKind.Input, 7, 65530, 6),
        ModbusRequest.Read(RegisterKind.Holding, 247, 100, 125),
        ModbusRequest.WriteSingle(3, 40, 0xBEEF),
        ModbusRequest.WriteMultiple(9, 200, [1, 2, 3, 65535]),
    ];

    [Fact]
    public void Slave_decodes_requests_or_refuses_them_with_a_reason()
    {
        var samples = Requests.Select(r => r.Encode()).ToArray();
        var report = Fuzzer.Run("modbus-request", FuzzSettings.ForSuite(SuiteBudget), random => Frame(random, Mutate.Pick(random, samples)), f => f, frame =>
        {
            if (new RtuReception(frame, 0).CheckIntegrity() is { } broken)
                return FuzzVerdict.Rejected(broken.Reason.ToString(), broken.ToString());
            var refusal = ModbusRequest.Decode(frame, out var request);
            if (refusal is { } code)
                return FuzzVerdict.Rejected(code.ToString(), $"exception {code}");
            Assert.Equal(frame, request!.Encode());
            return FuzzVerdict.Accepted;
        });

        Assert.True(report.IsClean, report.ToString());
        Assert.True(report.Accepted > 0, report.Summary());
    }

    [Fact]
    public void Master_checks_answers_or_refuses_them_with_a_reason()
    {
        var report = Fuzzer.Run("modbus-response", FuzzSettings.ForSuite(SuiteBudget), random =>
        {
            var index = random.Next(Requests.Length);
            return (byte[])[(byte)index, .. Frame(random, Answer(Requests[index]))];
        }, f => f, input =>
        {
            var request = Requests[input[0] % Requests.Length];
            var outcome = ResponseCheck.Check(request, new RtuReception(input.AsMemory(1), 0));
            if (outcome.Rejection is { } rejection)
                return FuzzVerdict.Rejected(rejection.Reason.ToString(), rejection.ToString());
            return outcome.Exception is { } exception ? FuzzVerdict.Rejected("exception_answer", $"slave answered {exception}") : FuzzVerdict.Accepted;
        });

        Assert.True(report.IsClean, report.ToString());
        Assert.True(report.Accepted > 0, report.Summary());
    }

    /// <summary>A valid frame as it is, mutated with its CRC fixed afterwards, mutated, or random bytes.</summary>
    private static byte[] Frame(Random random, byte[] valid)
    {
        switch (random.Next(8))
        {
            case 0:
                return valid;
            case 1:
                return Mutate.RandomBytes(random, 300);
            case < 5:
                var body = Mutate.Bytes(random, valid[..^2]);
                return body.Length is < 2 or > RtuFrame.MaxLength - 2 ? body : RtuFrame.Encode(body[0], body.AsSpan(1));
            default:
                return Mutate.Bytes(random, valid);
        }
    }

    /// <summary>The answer a sound slave gives to the request.</summary>
    private static byte[] Answer(ModbusRequest request)
    {
        if (request.IsRead)
        {
            var pdu = new byte[2 + (2 * request.Count)];
            pdu[0] = (byte)request.Function;
            pdu[1] = (byte)(2 * request.Count);
            return RtuFrame.Encode(request.SlaveId, pdu);
        }
        var echo = new byte[5];
        echo[0] = (byte)request.Function;
        BinaryPrimitives.WriteUInt16BigEndian(echo.AsSpan(1), request.Address);
        BinaryPrimitives.WriteUInt16BigEndian(echo.AsSpan(3), request.Function == ModbusFunction.WriteSingleRegister ? request.Values[0] : request.Count);
        return RtuFrame.Encode(request.SlaveId, echo);
    }
}
