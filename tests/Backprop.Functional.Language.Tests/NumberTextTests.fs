module Backprop.Functional.Language.Tests.NumberTextTests

open Expecto
open Backprop.Functional.Language

[<Tests>]
let tests =
    testList "NumberText" [
        testList "significant" [
            test "rounding noise in the last bits reads as the number it is close to" {
                Expect.equal (NumberText.significant 10 -1.4999999999999993) "-1.5" "x1's gradient"
                Expect.equal (NumberText.significant 10 0.4999999999999998) "0.5" "x2's gradient"
                Expect.equal (NumberText.significant 10 0.9999999999999996) "1" "w1's gradient"
            }

            test "a number is rounded to the digits asked for, trailing zeros dropped" {
                Expect.equal (NumberText.significant 10 0.8813735870195432) "0.881373587" "10 digits"
                Expect.equal (NumberText.significant 3 6.881373587019543) "6.88" "3 digits"
                Expect.equal (NumberText.significant 1 0.26) "0.3" "1 digit"
            }

            test "17 digits are the exact double, as roundTrip writes it" {
                for x in [ -1.4999999999999993; 0.1; 1e-300; 6.881373587019543 ] do
                    Expect.equal (NumberText.significant NumberText.MaxDigits x) (NumberText.roundTrip x) $"{x}"
            }

            test "exponents are lower-case, and zero is never -0" {
                Expect.equal (NumberText.significant 10 3.3306690738754696e-11) "3.330669074e-11" "small"
                Expect.equal (NumberText.significant 6 1234567.0) "1.23457e+06" "large"
                Expect.equal (NumberText.significant 10 -0.0) "0" "negative zero"
                Expect.equal (NumberText.short -0.0) "0" "negative zero in a graph label"
                Expect.equal (NumberText.roundTrip -0.0) "-0" "the round-trip form keeps it"
            }

            test "non-finite numbers are nan, inf and -inf" {
                Expect.equal (NumberText.significant 10 nan) "nan" "nan"
                Expect.equal (NumberText.significant 10 infinity) "inf" "inf"
                Expect.equal (NumberText.significant 10 -infinity) "-inf" "-inf"
            }
        ]

        test "a count of one takes the singular" {
            Expect.equal (NumberText.count 1 "step" "steps") "1 step" "one"
            Expect.equal (NumberText.count 0 "step" "steps") "0 steps" "none"
            Expect.equal (NumberText.count 20000 "leaf" "leaves") "20,000 leaves" "many"
        }
    ]
