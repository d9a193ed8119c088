//! Reading tensors out of `model.safetensors`: shape-checked, widened (or, for 8-bit weights and 4-bit
//! differences from a base, dequantized) to `f32`, with errors naming the tensor.
//!
//! Design decision: every tensor is requested with the shape the config implies and checked before use, so
//! a model of the wrong size or an unrelated file fails at load time with the file and tensor named,
//! instead of producing garbage or panicking mid-inference. candle parses the safetensors container and
//! widens f16/bf16 to f32; after loading the model owns plain `Vec<f32>`s.

use candle_core::{DType, Device};

use super::error::NeuralError;

/// An opened safetensors buffer and the name it is reported under, optionally completed by a base file
/// (MODEL_FORMAT.md §12: a model shipped as the tensors training changed over a pretrained encoder).
pub struct TensorFile<'a> {
    file: String,
    tensors: candle_core::safetensors::SliceSafetensors<'a>,
    base: Option<Box<TensorFile<'a>>>,
}

impl<'a> TensorFile<'a> {
    /// Parses the safetensors header of `bytes` (read from `file`).
    pub fn parse(file: &str, bytes: &'a [u8]) -> Result<Self, NeuralError> {
        let tensors = candle_core::safetensors::SliceSafetensors::new(bytes)
            .map_err(|e| NeuralError::Safetensors { file: file.to_string(), message: e.to_string() })?;
        Ok(TensorFile { file: file.to_string(), tensors, base: None })
    }

    /// This file, with the tensors it lacks read from `base`.
    pub fn completed_by(self, base: TensorFile<'a>) -> Self {
        TensorFile { base: Some(Box::new(base)), ..self }
    }

    /// The values of tensor `name`, which must have exactly `shape`, as row-major `f32`; from the base file
    /// when this one does not hold it.
    pub fn get(&self, name: &str, shape: &[usize]) -> Result<Vec<f32>, NeuralError> {
        let delta = format!("{name}.delta4");
        if self.tensors.get(&delta).is_ok() {
            return self.get_delta4(name, &delta, shape);
        }
        match &self.base {
            Some(base) if self.tensors.get(name).is_err() => base.get(name, shape),
            _ => self.get_own(name, shape),
        }
    }

    fn get_own(&self, name: &str, shape: &[usize]) -> Result<Vec<f32>, NeuralError> {
        let tensor = self.load(name, shape)?;
        if !matches!(tensor.dtype(), DType::F16 | DType::BF16 | DType::F32 | DType::U8) {
            let message = format!("dtype {:?}, expected F16, BF16, F32 or U8", tensor.dtype());
            return Err(self.data_error(name, message));
        }
        let mut values = tensor
            .to_dtype(DType::F32)
            .and_then(|t| t.flatten_all())
            .and_then(|t| t.to_vec1::<f32>())
            .map_err(|e| self.data_error(name, e.to_string()))?;
        if tensor.dtype() == DType::U8 {
            // 8-bit weights (MODEL_FORMAT.md §12): value = (q - 128) * scale of the row, `{name}.scale` [rows]
            let rows = shape.first().copied().unwrap_or(1);
            let scale = self.get_own(&format!("{name}.scale"), &[rows])?;
            let cols = values.len() / rows.max(1);
            for (row, s) in values.chunks_exact_mut(cols.max(1)).zip(&scale) {
                row.iter_mut().for_each(|v| *v = (*v - 128.0) * s);
            }
        }
        self.finite(name, values)
    }

    /// A matrix stored as its 4-bit difference from the base tensor of the same name (MODEL_FORMAT.md §12):
    /// U8 `{name}.delta4` `[rows, ceil(cols / 2)]` holds two values per byte (even column in the low nibble),
    /// `{name}.delta4.scale` F32 `[rows]`; value = base + (nibble − 8) · scale of the row.
    fn get_delta4(&self, name: &str, delta: &str, shape: &[usize]) -> Result<Vec<f32>, NeuralError> {
        let &[rows, cols] = shape else {
            let message = format!("a 4-bit difference for a tensor of shape {shape:?}, not a matrix");
            return Err(self.data_error(delta, message));
        };
        let Some(base) = &self.base else {
            return Err(self.data_error(delta, "a 4-bit difference without a base file".into()));
        };
        let mut values = base.get(name, shape)?;
        let packed_cols = cols.div_ceil(2);
        let tensor = self.load(delta, &[rows, packed_cols])?;
        if tensor.dtype() != DType::U8 {
            return Err(self.data_error(delta, format!("dtype {:?}, expected U8", tensor.dtype())));
        }
        let bytes = tensor
            .flatten_all()
            .and_then(|t| t.to_vec1::<u8>())
            .map_err(|e| self.data_error(delta, e.to_string()))?;
        let scale = self.get_own(&format!("{delta}.scale"), &[rows])?;
        for ((row, bytes), s) in
            values.chunks_exact_mut(cols.max(1)).zip(bytes.chunks_exact(packed_cols.max(1))).zip(&scale)
        {
            for (j, v) in row.iter_mut().enumerate() {
                let nibble = (bytes[j / 2] >> (4 * (j % 2))) & 15;
                *v += (f32::from(nibble) - 8.0) * s;
            }
        }
        self.finite(delta, values)
    }

    /// Tensor `name` of this file, which must have exactly `shape`, in its stored dtype.
    fn load(&self, name: &str, shape: &[usize]) -> Result<candle_core::Tensor, NeuralError> {
        let view = self
            .tensors
            .get(name)
            .map_err(|_| NeuralError::MissingTensor { file: self.file.clone(), tensor: name.to_string() })?;
        if view.shape() != shape {
            return Err(NeuralError::TensorShape {
                file: self.file.clone(),
                tensor: name.to_string(),
                expected: shape.to_vec(),
                found: view.shape().to_vec(),
            });
        }
        self.tensors.load(name, &Device::Cpu).map_err(|e| self.data_error(name, e.to_string()))
    }

    /// `values` of tensor `name`, refused when one is not finite.
    fn finite(&self, name: &str, values: Vec<f32>) -> Result<Vec<f32>, NeuralError> {
        match values.iter().position(|v| !v.is_finite()) {
            Some(i) => Err(self.data_error(name, format!("value {i} is not finite ({})", values[i]))),
            None => Ok(values),
        }
    }

    fn data_error(&self, tensor: &str, message: String) -> NeuralError {
        NeuralError::TensorData { file: self.file.clone(), tensor: tensor.to_string(), message }
    }

    /// A vector tensor of `len` values.
    pub fn vector(&self, name: &str, len: usize) -> Result<Vec<f32>, NeuralError> {
        self.get(name, &[len])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A safetensors file of `(name, dtype, shape, bytes)` entries.
    fn safetensors(entries: &[(&str, &str, Vec<usize>, Vec<u8>)]) -> Vec<u8> {
        let mut header = serde_json::Map::new();
        let mut data = Vec::new();
        for (name, dtype, shape, bytes) in entries {
            let offsets = [data.len(), data.len() + bytes.len()];
            header.insert(
                name.to_string(),
                serde_json::json!({"dtype": dtype, "shape": shape, "data_offsets": offsets}),
            );
            data.extend_from_slice(bytes);
        }
        let header = serde_json::Value::Object(header).to_string();
        let mut out = (header.len() as u64).to_le_bytes().to_vec();
        out.extend_from_slice(header.as_bytes());
        out.extend_from_slice(&data);
        out
    }

    #[test]
    fn eight_bit_weights_are_dequantized_per_row_and_the_base_fills_in() {
        let scale: Vec<u8> = [0.5f32, 2.0].iter().flat_map(|v| v.to_le_bytes()).collect();
        let delta = safetensors(&[
            ("w", "U8", vec![2, 3], vec![128, 130, 126, 129, 128, 0]),
            ("w.scale", "F32", vec![2], scale),
        ]);
        let base_value: Vec<u8> = [7.0f32].iter().flat_map(|v| v.to_le_bytes()).collect();
        let base =
            safetensors(&[("b", "F32", vec![1], base_value.clone()), ("w", "F32", vec![1], base_value)]);
        let file = TensorFile::parse("delta", &delta)
            .unwrap()
            .completed_by(TensorFile::parse("base", &base).unwrap());
        assert_eq!(file.get("w", &[2, 3]).unwrap(), [0.0, 1.0, -1.0, 2.0, 0.0, -256.0]);
        assert_eq!(file.get("b", &[1]).unwrap(), [7.0], "a tensor the delta lacks comes from the base");
        let err = file.get("w", &[3, 2]).unwrap_err().to_string();
        assert!(err.starts_with("delta: tensor w has shape [2, 3]"), "{err}");
        let no_scale = safetensors(&[("w", "U8", vec![1, 1], vec![1])]);
        let err = TensorFile::parse("d", &no_scale).unwrap().get("w", &[1, 1]).unwrap_err().to_string();
        assert!(err.contains("w.scale is missing"), "{err}");
    }

    #[test]
    fn four_bit_differences_are_added_to_the_base_per_row() {
        // rows of 3 columns: nibbles (low first) 9, 7, 15 and 8, 1, 8 (the last byte's high nibble pads)
        let scale: Vec<u8> = [0.5f32, 2.0].iter().flat_map(|v| v.to_le_bytes()).collect();
        let delta = safetensors(&[
            ("w.delta4", "U8", vec![2, 2], vec![0x79, 0x8f, 0x18, 0x88]),
            ("w.delta4.scale", "F32", vec![2], scale),
        ]);
        let base_w: Vec<u8> =
            [1.0f32, 2.0, 3.0, 4.0, 5.0, 6.0].iter().flat_map(|v| v.to_le_bytes()).collect();
        let base = safetensors(&[("w", "F32", vec![2, 3], base_w)]);
        let file = TensorFile::parse("delta", &delta)
            .unwrap()
            .completed_by(TensorFile::parse("base", &base).unwrap());
        assert_eq!(file.get("w", &[2, 3]).unwrap(), [1.5, 1.5, 6.5, 4.0, -9.0, 6.0]);
        let err = TensorFile::parse("delta", &delta).unwrap().get("w", &[2, 3]).unwrap_err().to_string();
        assert!(err.contains("without a base file"), "{err}");
        let err = file.get("w", &[6]).unwrap_err().to_string();
        assert!(err.contains("not a matrix"), "{err}");
    }
}
